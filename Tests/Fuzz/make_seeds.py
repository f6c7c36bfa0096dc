#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the fuzz corpora: every example of EventSchemas/*.schema.json
(compact and indented) and tricky JSON for `json-reader`, request bodies for `requests`.

The corpora in Tests/Fuzz/Corpus are these seeds plus what fuzzing found, minimised with
`FUZZ_MERGE=1 .ci/fuzz`; run this only to start a corpus afresh.

usage: make_seeds.py <repo root>
"""
import glob
import hashlib
import json
import os
import sys

root = sys.argv[1]


def write(target, text):
    data = text.encode("utf-8") if isinstance(text, str) else text
    folder = f"{root}/Tests/Fuzz/Corpus/{target}"
    os.makedirs(folder, exist_ok=True)
    with open(f"{folder}/seed-{hashlib.sha1(data).hexdigest()[:16]}", "wb") as out:
        out.write(data)


for path in sorted(glob.glob(f"{root}/EventSchemas/*.schema.json")):
    for example in json.load(open(path, encoding="utf-8")).get("examples", []):
        write("json-reader", json.dumps(example, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
        write("json-reader", json.dumps(example, indent=1))

TRICKY = [
    '{"actor":"system","correlation_id":"c1","event_id":"0f8fad5b-d9cb-469f-a165-70867728950e","source":"api"}',
    '{"actor":"u","causation_id":null,"correlation_id":"c","event_id":"0F8FAD5B-D9CB-469F-A165-70867728950E",'
    '"idempotency_key":"k","x":[1,{"y":null}]}',
    '"0f8fad5b-d9cb-469f-a165-70867728950e"',
    '"\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\\\/\\b\\f\\r plain é 😀"',
    '{"\\u0065vent_id":"k","a\\"b":1,"":2,"\\u00e9":3}',
    '[-0,0,1,-1,0.5,-0.25e-7,1E+2,1e-2,123456789012345678901234567890,9223372036854775807,-9223372036854775808]',
    '9223372036854775807', '-9223372036854775808', '-0', '0.1', '1e308', '4.9e-324',
    ' \t\r\n[ true , false , null , "" , { } , [ ] ] \n',
    'true', 'false', 'null', '""', '{}', '[]',
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    '{"a":{"b":{"c":{"d":[{"e":"f"}]}}}',
    '["a","b","c"]',
    '{"a":1,"a":2}',
    '"\\ud800"', '"\\udc00"', '"\\ud800\\u0041"',
]
for text in TRICKY:
    write("json-reader", text)

config = {
    "momentum_weight": 0.4, "market_cap_weight": 0.3, "risk_parity_weight": 0.3, "momentum_lookback_days": 252,
    "momentum_threshold": 0, "risk_parity_method": "inverse_volatility", "volatility_lookback_days": 63,
    "min_price": 0.01, "max_forward_fill_days": 5, "min_daily_return": -0.5, "max_daily_return": 0.5,
    "outlier_std_threshold": 10, "rebalance_frequency": "monthly", "min_weight": None, "max_weight": 0.25,
    "risk_free_rate": 0.02,
}
REQUESTS = [
    config,
    dict(config, config_version=3, reason="back", min_price_threshold=0.01, updated_by="admin", ai_adjusted=False),
    {"momentum_weight": 0.5, "market_cap_weight": 0.2, "reason": "tilt"},
    {"min_price_threshold": 5, "min_price": 1},
    {"rebalance_frequency": "DRIFT:0.05", "min_weight": 0.01, "max_weight": None},
    {"rebalance_frequency": "quarterly", "risk_parity_method": "equal_risk_contribution"},
    {"momentum_lookback_days": 1260, "volatility_lookback_days": 2, "max_forward_fill_days": 0},
    {"config_version": 4, "colour": "blue"},
    {"config": {"momentum_weight": 1, "market_cap_weight": 0, "risk_parity_weight": 0},
     "start_date": "2020-01-02", "end_date": "2021-12-31"},
    {"name": "Retirement", "initial_cash": "10000.50", "mode": "manual", "broker": "paper", "commission_bps": 5},
    {"name": "Follow", "initial_cash": 25000, "mode": "follow_index", "start_date": "2024-01-02"},
    {"amount": "-100.25"}, {"amount": 1e3},
    {"symbol": "AAPL", "side": "BUY", "notional": "1000", "client_order_id": "c-1"},
    {"symbol": "MSFT", "side": "SELL", "quantity": 0.5},
    {"symbol": "INDEX", "side": "BUY", "notional": 5000},
    {"asset_symbol": "AAPL", "type": "BUY", "amount": 250},
    {"email": "Ada@Example.com", "password": "correct horse battery staple"},
    {"role": "admin", "reason": "on call"},
    {"amount": 10000, "start_date": "2020-01-02", "currency": "EUR", "monthly_contribution": 100},
    {"projection": "portfolios"}, {"reason": "manual"}, {"token": "abc.def.ghi", "after": 42},
]
for body in REQUESTS:
    write("requests", json.dumps(body, separators=(",", ":")))
