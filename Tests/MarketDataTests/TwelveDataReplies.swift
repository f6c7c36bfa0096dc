/// TwelveData's JSON, as documented: a series `{"meta":…,"values":[…],"status":"ok"}` (newest first, TwelveData's
/// default order), a batch keyed by symbol, and error objects `{"code":…,"message":…,"status":"error"}`.
enum TwelveDataReplies {
    static func series(_ symbol: String, _ rows: [(date: String, close: String)]) -> String {
        let values = rows.map { row in
            """
            {"datetime":"\(row.date)","open":"1.00000","high":"1.00000","low":"1.00000","close":"\(row.close)","volume":"1000"}
            """
        }
        return """
            {"meta":{"symbol":"\(symbol)","interval":"1day","currency":"USD","exchange_timezone":"America/New_York",\
            "exchange":"NASDAQ","mic_code":"XNGS","type":"Common Stock"},"values":[\(values.joined(separator: ","))],\
            "status":"ok"}
            """
    }

    static func error(_ code: Int, _ message: String) -> String {
        #"{"code":\#(code),"message":"\#(message)","status":"error"}"#
    }

    static func batch(_ entries: [(symbol: String, json: String)]) -> String {
        "{" + entries.map { "\"\($0.symbol)\":\($0.json)" }.joined(separator: ",") + "}"
    }

    static let aapl = series(
        "AAPL", [("2024-01-04", "181.91000"), ("2024-01-03", "184.25000"), ("2024-01-02", "185.64000")])
    static let msft = series("MSFT", [("2024-01-03", "370.60001"), ("2024-01-02", "370.87000")])
    static let rateLimit =
        "You have run out of API credits for the current minute. 9 API credits were used, with the current limit being 8."
    static let invalidKey =
        "**apikey** parameter is incorrect or not specified. You can get your free API key instantly following this link: https://twelvedata.com/pricing."
}
