import EventSourcing
import EventStoreSQLite
import Foundation
import Testing

/// The import, backtest and weights commands, run as a user would.
extension CommandLineTests {
    private func writeFile(_ text: String, _ path: String) throws -> String {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func json(_ run: Run) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        return try #require(object as? [String: Any], "stdout: \(run.stdout) stderr: \(run.stderr)")
    }

    @Test("import prices names the bad line, exits non-zero and leaves the log unchanged")
    func importRefusesBadFile() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let database = scratch.path("log.sqlite")
        let bad = try writeFile(
            "date,symbol,close\n2024-01-02,AAPL,185.64\n2024-01-03,AAPL,n/a\n", scratch.path("bad.csv"))
        let run = try autoindex(["import", "prices", bad, "--database", database])
        #expect(run.status != 0)
        #expect(
            run.stderr.contains(
                "bad.csv line 3: close \"n/a\" of AAPL is not a positive decimal number; nothing was imported"))
        let events = try autoindex(["events", "list", "--database", database])
        #expect(events.stdout.isEmpty)

        let good = try writeFile("date,symbol,close\n2024-01-02,AAPL,185.64\n", scratch.path("good.csv"))
        let imported = try autoindex(["import", "prices", good, "--database", database])
        #expect(imported.status == 0)
        #expect(imported.stdout.contains(#""prices_appended":1"#))
    }

    /// Two assets over three days, worked by hand:
    /// A 10 → 11 → 11 (returns 0.10, 0), B 20 → 18 → 19.8 (returns −0.10, 0.10).
    /// Equal weights at the base close 2024-01-02, V = 100.
    /// Day 2: r = ½·0.1 + ½·(−0.1) = 0, V = 100; drifted weights A 0.55, B 0.45.
    /// Day 3 without rebalancing: r = 0.55·0 + 0.45·0.1 = 0.045, V = 104.5.
    /// Day 3 rebalanced daily (back to ½, ½ at day 2's close): r = 0.05, V = 105.
    private static let twoAssets = """
        date,symbol,close
        2024-01-02,A,10
        2024-01-02,B,20
        2024-01-03,A,11
        2024-01-03,B,18
        2024-01-04,A,11
        2024-01-04,B,19.8

        """

    @Test("backtest holds drifting weights without rebalancing and restores them when rebalancing daily")
    func backtestByHand() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let prices = try writeFile(Self.twoAssets, scratch.path("prices.csv"))
        let common = [
            "backtest", "--prices", prices, "--assets", "A,B", "--start", "2024-01-02", "--end", "2024-01-04",
            "--weighting", "equal", "--json",
        ]
        let held = try json(try autoindex(common + ["--rebalance", "none"]))
        #expect(held["start_date"] as? String == "2024-01-02")
        #expect(held["end_date"] as? String == "2024-01-04")
        #expect(held["n_returns"] as? Int == 2)
        #expect(held["start_value"] as? Double == 100)
        let end = try #require(held["end_value"] as? Double)
        #expect(abs(end - 104.5) < 1e-9)
        let series = try #require(held["series"] as? [[String: Any]])
        #expect(series.map { $0["date"] as? String } == ["2024-01-02", "2024-01-03", "2024-01-04"])
        let rebalances = try #require(held["rebalances"] as? [[String: Any]])
        #expect(rebalances.count == 1)
        #expect(rebalances.first?["weights"] as? [String: Double] == ["A": 0.5, "B": 0.5])

        let metrics = try #require(held["metrics"] as? [String: Any])
        #expect(
            Set(metrics.keys) == [
                "total_return", "cagr", "annual_volatility", "sharpe_ratio", "sortino_ratio", "downside_risk",
                "max_drawdown", "max_drawdown_peak_date", "max_drawdown_trough_date", "max_drawdown_recovery_date",
                "calmar_ratio", "var_95", "var_99", "cvar_95",
            ])
        #expect(abs((metrics["total_return"] as? Double ?? 0) - 0.045) < 1e-12)
        // Returns [0, 0.045]: the 5th percentile interpolates 5 % of the way from 0 to 0.045.
        #expect(abs((metrics["var_95"] as? Double ?? 0) - 0.00225) < 1e-12)
        // And the 1st percentile 1 % of the way: 0.00045.
        #expect(abs((metrics["var_99"] as? Double ?? 0) - 0.00045) < 1e-12)
        #expect(metrics["cvar_95"] as? Double == 0)
        #expect(metrics["max_drawdown"] as? Double == 0)
        #expect(metrics["max_drawdown_peak_date"] is NSNull)
        #expect(metrics["calmar_ratio"] is NSNull)

        let daily = try json(try autoindex(common + ["--rebalance", "daily"]))
        #expect(abs((daily["end_value"] as? Double ?? 0) - 105) < 1e-9)
        #expect(
            (daily["rebalances"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2024-01-02", "2024-01-03"])
    }

    @Test("backtest with a benchmark adds beta, correlation, alpha, tracking error and information ratio")
    func backtestWithBenchmark() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let prices = try writeFile(Self.twoAssets, scratch.path("prices.csv"))
        // The benchmark moves exactly like the index held without rebalancing: 100, 100, 104.5.
        let benchmark = try writeFile(
            "date,symbol,close\n2024-01-02,SPX,100\n2024-01-03,SPX,100\n2024-01-04,SPX,104.5\n", scratch.path("spx.csv")
        )
        let run = try json(
            try autoindex([
                "backtest", "--prices", prices, "--benchmark", benchmark, "--assets", "A,B", "--start", "2024-01-02",
                "--end", "2024-01-04", "--weighting", "equal", "--rebalance", "none", "--json",
            ]))
        let metrics = try #require(run["metrics"] as? [String: Any])
        #expect(abs((metrics["beta"] as? Double ?? 0) - 1) < 1e-12)
        #expect(abs((metrics["correlation"] as? Double ?? 0) - 1) < 1e-12)
        #expect(abs(metrics["alpha"] as? Double ?? 1) < 1e-12)
        #expect(metrics["tracking_error"] as? Double == 0)
        #expect(metrics["information_ratio"] is NSNull, "undefined with no active risk")
    }

    /// A 10 → 11 → 9.9 (returns 0.1, −0.1; sample std 0.1·√2), B 50 → 51 → 49.98 (0.02, −0.02;
    /// std 0.02·√2), C 5 → 5.5 → 6. σ_A = 5 σ_B, so inverse volatility gives A 1/6, B 5/6.
    /// Momentum over 2 rows: A −0.01, B −0.0004, C +0.2.
    private static let threeAssets = """
        date,symbol,close
        2024-01-02,A,10
        2024-01-02,B,50
        2024-01-02,C,5
        2024-01-03,A,11
        2024-01-03,B,51
        2024-01-03,C,5.5
        2024-01-04,A,9.9
        2024-01-04,B,49.98
        2024-01-04,C,6

        """

    @Test("weights prints inverse-volatility weights, and momentum scores with their ranking")
    func weightsByHand() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let prices = try writeFile(Self.threeAssets, scratch.path("prices.csv"))
        let inverse = try json(
            try autoindex([
                "weights", "--prices", prices, "--assets", "A,B", "--as-of", "2024-01-04", "--method",
                "inverse-volatility", "--lookback", "2", "--json",
            ]))
        let weights = try #require(inverse["weights"] as? [String: Double])
        #expect(abs((weights["A"] ?? 0) - 1.0 / 6) < 1e-12)
        #expect(abs((weights["B"] ?? 0) - 5.0 / 6) < 1e-12)
        #expect(inverse["scores"] == nil)

        let momentum = try json(
            try autoindex([
                "weights", "--prices", prices, "--assets", "A,B,C", "--as-of", "2024-01-04", "--method", "momentum",
                "--momentum-days", "2", "--json",
            ]))
        #expect(momentum["ranking"] as? [String] == ["C", "B", "A"])
        let scores = try #require(momentum["scores"] as? [String: Double])
        #expect(abs((scores["A"] ?? 0) - -0.01) < 1e-12)
        #expect(abs((scores["B"] ?? 0) - -0.0004) < 1e-12)
        #expect(abs((scores["C"] ?? 0) - 0.2) < 1e-12)
        #expect(momentum["weights"] as? [String: Double] == ["A": 0, "B": 0, "C": 1])

        let tooEarly = try autoindex([
            "weights", "--prices", prices, "--assets", "A,B", "--as-of", "2024-01-03", "--method", "inverse-volatility",
            "--lookback", "2", "--json",
        ])
        #expect(tooEarly.status != 0)
        #expect(
            tooEarly.stderr.contains(
                "no eligible asset on 2024-01-03 (A: fewer than 2 daily returns up to 2024-01-03; B: fewer than 2 daily returns up to 2024-01-03)"
            ))
    }
}
