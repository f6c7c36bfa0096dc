import EventSourcing

/// The streams market data lives in.
public enum MarketDataStreams {
    /// `asset-<SYMBOL>`: the listing, closes and corrections of one symbol.
    public static func asset(_ symbol: String) -> StreamName { StreamName(unchecked: "asset-\(symbol)") }

    /// `fx-<CCY>`: the daily rates of one currency against the euro.
    public static func fx(_ currency: String) -> StreamName { StreamName(unchecked: "fx-\(currency)") }

    /// `refresh-<id>`: the start and outcome of one refresh or import run.
    public static func refresh(_ refreshId: String) -> StreamName { StreamName(unchecked: "refresh-\(refreshId)") }
}
