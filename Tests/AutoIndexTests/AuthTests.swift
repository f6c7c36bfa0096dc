import AutoIndexServer
import Crypto
import EventSourcing
import EventStoreSQLite
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Accounts and tokens through the real server on loopback.
@Suite("HTTP auth")
struct AuthTests {
    @Test("register normalises the email, refuses it twice in any case, and /me shows the account")
    func register() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")))
        try await app.test(.live) { client in
            let token = try await client.register("  Ana.Silva@Example.COM ")
            let me = try TestServer.json(try await client.get("/api/v1/auth/me", token: token))
            #expect(me["email"] as? String == "ana.silva@example.com")
            #expect(me["role"] as? String == "user")
            #expect(me["is_google_user"] as? Bool == false)
            #expect((me["id"] as? String)?.count == 33)

            let again = try await client.send(
                .post, "/api/v1/auth/register",
                json: #"{"email": "ANA.SILVA@example.com", "password": "Other-Pass-42"}"#)
            #expect(again.status == .conflict)
            #expect(
                String(buffer: again.body)
                    == #"{"detail":"Email already registered","status_code":409,"type":"email_taken"}"#)

            let admin = try TestServer.json(
                try await client.send(
                    .post, "/api/v1/auth/register",
                    json: #"{"email": "Admin@example.com", "password": "\#(TestServer.password)"}"#))
            #expect(admin["role"] as? String == "admin")
            #expect(admin["token_type"] as? String == "bearer")
            #expect(admin["expires_in"] as? Int == 3600)

            let logout = try await client.send(.post, "/api/v1/auth/logout")
            #expect(String(buffer: logout.body) == #"{"message":"Successfully logged out"}"#)
        }

        // The log holds bcrypt hashes, salted (both accounts have the same password), never the password.
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"), options: .init(access: .readOnly))
        let registered = try await store.read(after: 0, limit: 10, filter: EventFilter(types: ["UserRegistered"]))
        let hashes = try registered.map { event in
            let payload = try JSONSerialization.jsonObject(with: event.payload) as? [String: Any]
            return try #require(payload?["password_hash"] as? String)
        }
        #expect(hashes.count == 2)
        for hash in hashes {
            #expect(hash.wholeMatch(of: /\$2b\$04\$[.\/A-Za-z0-9]{53}/) != nil, "\(hash)")
            #expect(!hash.contains(TestServer.password))
        }
        #expect(Set(hashes).count == 2)
    }

    @Test("a weak password lists every rule it fails; a bad email is named")
    func weakPassword() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")))
        try await app.test(.live) { client in
            let weak = try await client.send(
                .post, "/api/v1/auth/register", json: #"{"email": "not-an-email", "password": "aaa"}"#)
            #expect(weak.status == .unprocessableContent)
            #expect(
                String(buffer: weak.body)
                    == #"{"detail":"email: \"not-an-email\" is not an address of the form name@domain; password: must be at least 8 characters long; must contain at least one uppercase letter; must contain at least one number; must contain at least one special character; must not repeat a character 3 times in a row","status_code":422,"type":"validation_error"}"#
            )
            let common = try await client.send(
                .post, "/api/v1/auth/register", json: #"{"email": "bo@example.com", "password": "Qwerty123!"}"#)
            #expect(String(buffer: common.body).contains("password: contains a predictable sequence"))
            let missing = try await client.send(.post, "/api/v1/auth/register", json: #"{"email": "bo@example.com"}"#)
            #expect(
                String(buffer: missing.body)
                    == #"{"detail":"missing field password","status_code":422,"type":"validation_error"}"#)
        }
    }

    @Test("login answers the same 401 for a wrong password and an unknown email, then throttles the account")
    func loginAndThrottle() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")))
        try await app.test(.live) { client in
            _ = try await client.register("bo@example.com")
            func login(_ email: String, _ password: String) async throws -> TestResponse {
                try await client.send(
                    .post, "/api/v1/auth/login", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
            }
            let good = try TestServer.json(try await login("BO@example.com", TestServer.password))
            let token = try #require(good["access_token"] as? String)
            #expect(try await client.get("/api/v1/auth/me", token: token).status == .ok)

            let wrong = try await login("bo@example.com", "Wrong-Pass-1")
            let unknown = try await login("nobody@example.com", "Wrong-Pass-1")
            let invalid = #"{"detail":"Invalid credentials","status_code":401,"type":"invalid_credentials"}"#
            #expect(String(buffer: wrong.body) == invalid)
            #expect(String(buffer: unknown.body) == invalid)
            #expect(wrong.headers[.wwwAuthenticate] == "Bearer")

            for _ in 0..<4 { _ = try await login("bo@example.com", "Wrong-Pass-1") }
            let locked = try await login("bo@example.com", TestServer.password)
            #expect(locked.status == .tooManyRequests)
            let wait = try #require(locked.headers[.retryAfter].flatMap { Int($0) })
            #expect(wait > 800 && wait <= 900)
            #expect(
                String(buffer: locked.body)
                    == #"{"detail":"too many failed logins; try again in \#(wait) seconds","status_code":429,"type":"too_many_attempts"}"#
            )
        }
    }

    @Test("one client failing on many accounts is throttled too")
    func clientThrottle() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")))
        try await app.test(.live) { client in
            for index in 0..<20 {
                let response = try await client.send(
                    .post, "/api/v1/auth/login",
                    json: #"{"email": "guess\#(index)@example.com", "password": "Wrong-Pass-1"}"#)
                #expect(response.status == .unauthorized)
            }
            let next = try await client.send(
                .post, "/api/v1/auth/login", json: #"{"email": "fresh@example.com", "password": "Wrong-Pass-1"}"#)
            #expect(next.status == .tooManyRequests)
        }
    }

    @Test("a missing, malformed, forged, alg:none, tampered or expired token is 401")
    func badTokens() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let clock = TestClock()
        let app = try await buildApplication(
            try TestServer.configuration(scratch.path("log.sqlite"), auth: try TestServer.auth(now: clock.reading)))
        try await app.test(.live) { client in
            let token = try await client.register("bo@example.com")
            let parts = token.split(separator: ".").map(String.init)
            #expect(parts.count == 3)
            let claimBytes = try #require(Self.base64URLDecode(parts[1]))
            let claims = try #require(try JSONSerialization.jsonObject(with: claimBytes) as? [String: Any])
            #expect(claims["role"] as? String == "user")
            #expect(claims["exp"] as? Double == (claims["iat"] as? Double).map { $0 + 3600 })
            #expect(claims["sub"] is String && claims["auth_time"] != nil)

            let missing = try await client.get("/api/v1/index/current", token: nil)
            #expect(
                String(buffer: missing.body)
                    == #"{"detail":"Not authenticated","status_code":401,"type":"not_authenticated"}"#)
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")
            let basic = try await client.execute(
                uri: "/api/v1/index/current", method: .get, headers: [.authorization: "Basic Ym86cGFzcw=="])
            #expect(basic.status == .unauthorized)

            let invalid = #"{"detail":"Invalid token","status_code":401,"type":"invalid_token"}"#
            let garbage = try await client.get("/api/v1/auth/me", token: "not.a.jwt")
            #expect(String(buffer: garbage.body) == invalid)

            let header = Self.base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
            let payload = parts[1]
            let otherKey = SymmetricKey(data: Data("another-secret-that-is-long-enough-too".utf8))
            let forgedSignature = Self.base64URL(
                Data(HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: otherKey)))
            let forged = try await client.get("/api/v1/auth/me", token: "\(header).\(payload).\(forgedSignature)")
            #expect(String(buffer: forged.body) == invalid)

            let none = Self.base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
            let unsigned = try await client.get("/api/v1/auth/me", token: "\(none).\(payload).")
            #expect(String(buffer: unsigned.body) == invalid)

            var elevated = claims
            elevated["role"] = "admin"
            let tampered = Self.base64URL(try JSONSerialization.data(withJSONObject: elevated))
            let escalated = try await client.get("/api/v1/auth/me", token: "\(parts[0]).\(tampered).\(parts[2])")
            #expect(String(buffer: escalated.body) == invalid)

            clock.advance(minutes: 61)
            let expired = try await client.get("/api/v1/auth/me", token: token)
            #expect(
                String(buffer: expired.body)
                    == #"{"detail":"Token expired","status_code":401,"type":"token_expired"}"#)
        }
    }

    @Test("refresh gives a new token while the session lasts, never past its maximum age")
    func refresh() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let clock = TestClock()
        let app = try await buildApplication(
            try TestServer.configuration(scratch.path("log.sqlite"), auth: try TestServer.auth(now: clock.reading)))
        try await app.test(.live) { client in
            var token = try await client.register("bo@example.com")
            for _ in 0..<3 {
                clock.advance(minutes: 50)
                let refreshed = try await client.send(.post, "/api/v1/auth/refresh", token: token)
                #expect(refreshed.status == .ok)
                token = try #require(try TestServer.json(refreshed)["access_token"] as? String)
            }
            clock.advance(minutes: 40)
            #expect(try await client.get("/api/v1/auth/me", token: token).status == .ok)
            let ended = try await client.send(.post, "/api/v1/auth/refresh", token: token)
            #expect(
                String(buffer: ended.body)
                    == #"{"detail":"Session expired: log in again","status_code":401,"type":"session_expired"}"#)
        }
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
