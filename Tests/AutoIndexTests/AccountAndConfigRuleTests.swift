import AutoIndexDomain
import Testing

/// The pure rules behind registration and strategy changes.
@Suite("Account and strategy-change rules")
struct AccountAndConfigRuleTests {
    @Test(
        "email addresses are trimmed, lowercased and checked",
        arguments: [
            (" Ana@Example.COM ", "ana@example.com"),
            ("o'brien+tag@mail.example.co.uk", "o'brien+tag@mail.example.co.uk"),
        ])
    func emails(raw: String, normalised: String) throws {
        #expect(try EmailAddress(raw).text == normalised)
    }

    @Test(
        "malformed email addresses are refused",
        arguments: [
            "", "ana", "ana@", "@example.com", "a@b", "ana@@example.com", ".ana@example.com", "ana..b@example.com",
            "ana@-example.com", "ana@example.c0m", "ana b@example.com", "ané@example.com",
        ])
    func badEmails(raw: String) {
        #expect(throws: AccountError.self) { try EmailAddress(raw) }
    }

    @Test("a strong password passes; each weakness is reported, in order")
    func passwords() {
        #expect(PasswordPolicy.failures("Correct-Horse-9") == [])
        #expect(
            PasswordPolicy.failures("abc")
                == [
                    "must be at least 8 characters long", "must contain at least one uppercase letter",
                    "must contain at least one number", "must contain at least one special character",
                ])
        #expect(PasswordPolicy.failures("P@ssw0rd") == ["is too common"])
        #expect(PasswordPolicy.failures("Zxcvbn-77a") == ["contains a predictable sequence"])
        #expect(PasswordPolicy.failures("Baaad-Pass-1") == ["must not repeat a character 3 times in a row"])
        #expect(
            PasswordPolicy.failures("Aa1-" + String(repeating: "xy", count: 63)) == ["must not exceed 128 characters"])
    }

    static let current = StrategyDefaults.initialConfig(indexId: "autoindex")

    @Test(
        "a patch keeps what it omits, names exactly the changed fields, and plans version + 1 at the stream's version")
    func changes() throws {
        var patch = StrategyConfigPatch()
        patch[\.momentumWeight] = 0.5
        patch[\.marketCapWeight] = 0.2
        patch[\.maxWeight] = .some(nil)
        patch[\.rebalanceFrequency] = "Drift:0.05"
        patch.reason = "test"
        let decision = try StrategyConfigChange.decide(patch, current: Self.current, version: 1)
        #expect(decision.config.configVersion == 2)
        #expect(
            decision.config.changedFields == [
                "momentum_weight", "market_cap_weight", "rebalance_frequency", "max_weight",
            ])
        #expect(decision.config.config.riskParityWeight == 0.3)
        #expect(decision.config.config.maxWeight == nil)
        #expect(decision.config.config.rebalanceFrequency == "drift:0.05")
        #expect(decision.append.parts.first?.expectedVersion == .exact(1))
        #expect(decision.config.reason == "test")

        var same = StrategyConfigPatch()
        same[\.minPrice] = 0.01
        #expect(try StrategyConfigChange.decide(same, current: Self.current, version: 1).append.isEmpty)
    }

    @Test("every problem is named, by field")
    func problems() {
        var patch = StrategyConfigPatch()
        patch[\.momentumWeight] = -0.1
        patch[\.minWeight] = .some(0.3)
        patch[\.maxWeight] = .some(0.2)
        patch[\.volatilityLookbackDays] = 1
        patch[\.riskParityMethod] = "magic"
        patch[\.rebalanceFrequency] = "drift:1e-2"
        patch.unknownFields = ["colour"]
        #expect(
            throws: StrategyConfigError(problems: [
                "colour: unknown field", "momentum_weight: -0.1 is not between 0.0 and 1.0",
                "momentum_weight + market_cap_weight + risk_parity_weight: sum to 0.5, not 1",
                "risk_parity_method: \"magic\" is not inverse_volatility or equal_risk_contribution",
                "volatility_lookback_days: 1 is not between 2 and 1260",
                "rebalance_frequency: \"drift:1e-2\" is not daily, weekly, monthly, quarterly, yearly or drift:<band>",
                "min_weight: 0.3 is above max_weight 0.2",
            ])
        ) {
            try StrategyConfigChange.decide(patch, current: Self.current, version: 1)
        }
    }
}
