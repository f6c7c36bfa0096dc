import EventSourcing

/// Unwraps a decoded field or names the missing one.
func required<Value, Event: DomainEvent>(_ value: Value?, _ field: String, of _: Event.Type) throws -> Value {
    guard let value else {
        throw EventStoreError.corruptRecord("\(Event.eventType) v\(Event.schemaVersion) lacks \"\(field)\"")
    }
    return value
}
