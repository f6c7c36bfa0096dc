import HummingbirdBcrypt
import NIOPosix

/// bcrypt on NIO's thread pool, so hashing (about 270 ms at cost 12) never blocks an event loop.
struct PasswordHasher: Sendable {
    let cost: UInt8
    /// A hash of nothing anyone knows, checked against when the email is unknown, so a login takes
    /// as long whether or not the account exists.
    let decoy: String

    init(cost: UInt8) async throws {
        self.cost = cost
        decoy = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash("autoindex timing decoy", cost: cost) }
    }

    func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { [cost] in Bcrypt.hash(password, cost: cost) }
    }

    /// Checks `password` against `hash`, or against the decoy when there is no account.
    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let matches = try await NIOThreadPool.singleton.runIfActive { [decoy] in
            Bcrypt.verify(password, hash: hash ?? decoy)
        }
        return matches && hash != nil
    }
}
