extension Double {
    /// The value rounded to 6 decimals, for reasons and notes people read (`-0.05`, not
    /// `-0.050000000000000044`).
    var reasonText: String {
        let rounded = (self * 1e6).rounded() / 1e6
        return rounded == 0 ? "0.0" : "\(rounded)"
    }
}
