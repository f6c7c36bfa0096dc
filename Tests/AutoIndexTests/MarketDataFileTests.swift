import AutoIndexDomain
import MarketData
import Testing

/// Parsing `date,symbol,close` files and the ECB's rate file.
@Suite("Market data files")
struct MarketDataFileTests {
    @Test("a price file is read in any column order, with CRLF line ends and blank lines")
    func readsPriceFile() throws {
        let rows = try PriceFile.parse("symbol,close,date\r\nAAPL,189.250,2024-01-02\r\n\r\nMSFT,370.87,2024-01-02\r\n")
        #expect(
            rows == [
                PriceObservation(symbol: "AAPL", date: "2024-01-02", close: "189.250"),
                PriceObservation(symbol: "MSFT", date: "2024-01-02", close: "370.87"),
            ])
    }

    @Test(
        "a malformed price row is named by its line number",
        arguments: [
            (
                "date,symbol,close\n2024-01-02,AAPL,abc\n",
                MarketDataFileError(line: 2, message: "close \"abc\" of AAPL is not a positive decimal number")
            ),
            (
                "date,symbol,close\n2024-01-02,AAPL,1\n2023-02-29,AAPL,2\n",
                MarketDataFileError(line: 3, message: "date \"2023-02-29\" is not a calendar date YYYY-MM-DD")
            ),
            (
                "date,symbol,close\n2024-01-02,aapl,1\n",
                MarketDataFileError(line: 2, message: "symbol \"aapl\" must be 1 to 20 of A-Z 0-9 . ^ -")
            ),
            (
                "date,symbol,close\n2024-01-02,AAPL,0.000\n",
                MarketDataFileError(line: 2, message: "close \"0.000\" of AAPL is not a positive decimal number")
            ),
            (
                "date,symbol,close\n2024-01-02,AAPL,-3\n",
                MarketDataFileError(line: 2, message: "close \"-3\" of AAPL is not a positive decimal number")
            ),
            (
                "date,symbol,close\n2024-01-02,AAPL\n",
                MarketDataFileError(line: 2, message: "expected 3 columns, found 2")
            ),
            (
                "date,symbol,close\n2024-01-02,AAPL,1\n2024-01-02,AAPL,1\n",
                MarketDataFileError(line: 3, message: "AAPL on 2024-01-02 appears twice (first on line 2)")
            ),
            (
                // Out of date order: the duplicate is found once the rows are indexed, and after that.
                "date,symbol,close\n2024-01-03,AAPL,1\n2024-01-02,MSFT,1\n2024-01-02,AAPL,1\n2024-01-03,AAPL,2\n",
                MarketDataFileError(line: 5, message: "AAPL on 2024-01-03 appears twice (first on line 2)")
            ),
            (
                "date,symbol,close\r2024-01-03,AAPL,1\r2024-01-04,AAPL,1\r2024-01-03,AAPL,1\r",
                MarketDataFileError(line: 4, message: "AAPL on 2024-01-03 appears twice (first on line 2)")
            ),
            (
                "date,symbol,close\n2024-01-02,AAPL,1\n2024-01-02,MSFT,1\n2024-01-03,AAPL,1\n2024-01-02,MSFT,1\n",
                MarketDataFileError(line: 5, message: "MSFT on 2024-01-02 appears twice (first on line 3)")
            ),
            (
                "day,ticker,price\n",
                MarketDataFileError(
                    line: 1,
                    message: "the header must name the columns date, symbol and close; found \"day,ticker,price\"")
            ),
            ("", MarketDataFileError(line: 1, message: "the file is empty")),
        ])
    func namesBadRow(text: String, error: MarketDataFileError) {
        #expect(throws: error) { try PriceFile.parse(text) }
    }

    @Test("the ECB file yields one rate per published cell, skipping N/A and the trailing comma")
    func readsECBFile() throws {
        let text = """
            Date,USD,JPY,CYP,
            2026-10-30,1.1172,175.68,N/A,
            2026-10-29,1.113,175.92,N/A,

            """
        let rates = try ECBRateFile.parse(text)
        #expect(
            rates == [
                FxObservation(currency: "USD", baseCurrency: "EUR", date: "2026-10-30", rate: "1.1172"),
                FxObservation(currency: "JPY", baseCurrency: "EUR", date: "2026-10-30", rate: "175.68"),
                FxObservation(currency: "USD", baseCurrency: "EUR", date: "2026-10-29", rate: "1.113"),
                FxObservation(currency: "JPY", baseCurrency: "EUR", date: "2026-10-29", rate: "175.92"),
            ])
    }

    @Test("a malformed ECB row is named by its line number")
    func namesBadECBRow() {
        #expect(
            throws: MarketDataFileError(
                line: 3, message: "JPY rate \"1;5\" on 2026-10-29 is not a positive decimal number")
        ) {
            try ECBRateFile.parse("Date,USD,JPY,\n2026-10-30,1.1,175,\n2026-10-29,1.1,1;5,\n")
        }
        #expect(throws: MarketDataFileError(line: 1, message: "\"usd\" in the header is not a currency code")) {
            try ECBRateFile.parse("Date,usd,\n")
        }
    }

    @Test("decimal texts compare as figures, whatever their trailing zeros")
    func comparesDecimals() {
        #expect(DecimalText.canonical("007.500") == "7.5")
        #expect(DecimalText.canonical("3.000") == "3")
        #expect(DecimalText.canonical("0.0100") == "0.01")
        #expect(DecimalText.sameFigure("189.250", "189.25"))
        #expect(!DecimalText.sameFigure("189.250", "189.251"))
        #expect(!DecimalText.isUnsignedDecimal("1."))
        #expect(!DecimalText.isUnsignedDecimal(".5"))
        #expect(!DecimalText.isUnsignedDecimal("1e5"))
    }
}
