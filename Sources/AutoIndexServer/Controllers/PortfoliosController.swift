import AutoIndexDomain
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import PortfolioService
import Projections

/// `/api/v1/portfolios/…`: open portfolios, move cash, place and cancel orders, and read them back;
/// and the original's `POST /api/v1/broker/order`.
///
/// A caller reaches only their own portfolios: another's answers 404, exactly as one that does not
/// exist. Admins may list and read every portfolio (`?all=true` on the list). Commands answer from
/// the read model once it has applied what they appended, so the answer is what a GET shows next.
/// Answers depend on the caller, so they are never served from the shared response cache.
struct PortfoliosController: Sendable {
    let desk: PortfolioDesk
    let authenticator: Authenticator
    let readModels: ReadModels

    static let readModel = "portfolios"

    func addRoutes(to api: APIRouter) {
        api.post("/api/v1/portfolios") { request, context in
            let caller = try context.requireIdentity()
            let body = try await request.decodeJSON(OpenPortfolioBody.self)
            let outcome = try await desk.open(
                PortfolioRequest(
                    name: body.name, initialCash: body.initialCash.text, mode: body.mode ?? "manual",
                    startDate: body.startDate, commissionBps: body.commissionBps ?? 0, broker: body.broker ?? "paper"),
                id: try Self.portfolioId(request, owner: caller.userId), owner: caller.userId, actor: caller.actor)
            let answer = try await portfolio(outcome.portfolio.id, at: outcome.position)
            return EditedResponse(
                status: outcome.repeated ? .ok : .created,
                headers: [.location: "/api/v1/portfolios/\(answer.portfolioId)"], response: answer)
        }
        api.get("/api/v1/portfolios", reads: [Self.readModel]) { request, context in
            let caller = try context.requireIdentity()
            let all = try Self.flag(request, "all")
            if all { try await requireAdmin(caller) }
            let view = try await view(for: request)
            return Self.answer(try await view.portfolioViews.list(ownedBy: all ? nil : caller.userId), view)
        }
        api.get("/api/v1/portfolios/{portfolio_id}", reads: [Self.readModel]) { request, context in
            let view = try await view(for: request)
            return Self.answer(
                try await view.portfolioViews.portfolio(try await owned(request, context, in: view)), view)
        }
        api.get("/api/v1/portfolios/{portfolio_id}/history", reads: [Self.readModel]) { request, context in
            let view = try await view(for: request)
            let record = try await owned(request, context, in: view)
            let range = try DateRange(request)
            let history = try await view.portfolioViews.history(
                of: record.portfolioId, from: range.start, to: range.end, limit: range.limit, offset: range.offset)
            return Self.answer(history, view)
        }
        api.post("/api/v1/portfolios/{portfolio_id}/cash") { request, context in
            let caller = try context.requireIdentity()
            let id = try context.parameters.require("portfolio_id")
            let body = try await request.decodeJSON(CashBody.self)
            let outcome = try await desk.moveCash(
                body.amount.text, portfolio: id, owner: caller.userId, actor: caller.actor)
            return try await portfolio(id, at: outcome.position)
        }
        api.post("/api/v1/portfolios/{portfolio_id}/orders") { request, context in
            let caller = try context.requireIdentity()
            let id = try context.parameters.require("portfolio_id")
            let body = try await request.decodeJSON(OrderBody.self)
            let placed = try await desk.place(
                OrderRequest(
                    symbol: body.symbol, side: body.side, notional: body.notional?.text, quantity: body.quantity?.text,
                    clientOrderId: body.clientOrderId),
                portfolio: id, owner: caller.userId, actor: caller.actor)
            let answer = try await order(placed.order.id, of: id, at: placed.position)
            return EditedResponse(
                status: placed.repeated ? .ok : .created,
                headers: [.location: "/api/v1/portfolios/\(id)/orders/\(placed.order.id)"], response: answer)
        }
        api.get("/api/v1/portfolios/{portfolio_id}/orders", reads: [Self.readModel]) { request, context in
            let view = try await view(for: request)
            let record = try await owned(request, context, in: view)
            let query = request.uri.queryParameters
            var problems: [String] = []
            let status = query["status"].map(String.init)
            if let status, PortfolioOrder.Status(rawValue: status) == nil {
                problems.append("status: \"\(status)\" is not pending, filled, rejected or canceled")
            }
            let limit = QueryValue.integer(
                query["limit"], name: "limit", range: 1...1000, default: 100, problems: &problems)
            let offset = QueryValue.integer(
                query["offset"], name: "offset", range: 0...Int.max, default: 0, problems: &problems)
            guard problems.isEmpty else { throw APIError.validation(problems.joined(separator: "; ")) }
            let list = try await view.portfolioViews.orders(
                of: record.portfolioId, status: status, limit: limit, offset: offset)
            return Self.answer(list, view)
        }
        api.get("/api/v1/portfolios/{portfolio_id}/orders/{order_id}", reads: [Self.readModel]) { request, context in
            let view = try await view(for: request)
            let record = try await owned(request, context, in: view)
            let orderId = try context.parameters.require("order_id")
            return Self.answer(try await view.portfolioViews.order(orderId, of: record.portfolioId), view)
        }
        api.delete("/api/v1/portfolios/{portfolio_id}/orders/{order_id}") { _, context in
            let caller = try context.requireIdentity()
            let id = try context.parameters.require("portfolio_id")
            let orderId = try context.parameters.require("order_id")
            let outcome = try await desk.cancel(
                order: orderId, portfolio: id, owner: caller.userId, actor: caller.actor)
            return try await order(orderId, of: id, at: outcome.position)
        }
        api.delete("/api/v1/portfolios/{portfolio_id}") { _, context in
            let caller = try context.requireIdentity()
            let id = try context.parameters.require("portfolio_id")
            let outcome = try await desk.close(portfolio: id, owner: caller.userId, actor: caller.actor)
            return try await portfolio(id, at: outcome.position)
        }
        api.post("/api/v1/broker/order") { request, context in
            let caller = try context.requireIdentity()
            let body = try await request.decodeJSON(BrokerOrderBody.self)
            guard let manual = try await desk.portfolios(ownedBy: caller.userId).first(where: { $0.mode == .manual })
            else { throw PortfolioError.noManualPortfolio }
            let placed = try await desk.place(
                OrderRequest(symbol: body.assetSymbol, side: body.type, notional: body.amount.text, quantity: nil),
                portfolio: manual.id, owner: caller.userId, actor: caller.actor)
            var answer = try await order(placed.order.id, of: manual.id, at: placed.position)
            answer.original = true
            return answer
        }
    }

    // MARK: - Internals

    /// The live read models, or those at `as_of`.
    private func view(for request: Request) async throws -> ReadView {
        guard let text = request.uri.queryParameters["as_of"] else { return readModels.live }
        return try await readModels.view(
            at: try await readModels.position(asOf: String(text)), reading: [Self.readModel])
    }

    /// `body`, with the log position of a point-in-time view in `X-As-Of-Position`.
    private static func answer<Body: ResponseEncodable>(_ body: Body, _ view: ReadView) -> EditedResponse<Body> {
        EditedResponse(headers: view.asOf.map { [.asOfPosition: String($0)] } ?? [:], response: body)
    }

    /// The portfolio the path names, if the caller owns it or is an admin.
    /// - Throws: `PortfolioError.portfolioNotFound` otherwise.
    private func owned(_ request: Request, _ context: AppRequestContext, in view: ReadView) async throws
        -> PortfolioRecord
    {
        let caller = try context.requireIdentity()
        let id = try context.parameters.require("portfolio_id")
        guard let record = try await view.portfolios.portfolio(id) else { throw PortfolioError.portfolioNotFound(id) }
        if record.ownerId != caller.userId {
            guard (try? await requireAdmin(caller)) != nil else { throw PortfolioError.portfolioNotFound(id) }
        }
        return record
    }

    private func requireAdmin(_ caller: Identity) async throws {
        let user = try await authenticator.currentUser(caller.userId)
        guard authenticator.role(of: user) == Role.admin.rawValue else {
            throw APIError(.forbidden, type: "forbidden", detail: "all=true needs the admin role")
        }
    }

    /// Waits until the read model has applied what a command appended at `position`: longer than a
    /// query waits (a portfolio opened decades back brings thousands of orders and closes to value),
    /// and, should even that pass, saying that the command was recorded, so it is not sent again.
    private func applied(_ position: Int64, _ subject: String) async throws {
        do {
            try await readModels.wait(Self.readModel, reaches: position, within: .seconds(60))
        } catch let error as APIError where error.type == "not_caught_up" {
            throw APIError(
                .serviceUnavailable, type: "not_caught_up",
                detail: "\(subject) is recorded at log position \(position), but the portfolios read model has not "
                    + "reached it yet: read it with min_position=\(position) shortly; do not send the command again")
        }
    }

    /// The portfolio once the read model has applied `position`.
    private func portfolio(_ id: String, at position: Int64) async throws -> PortfolioAnswer {
        try await applied(position, "portfolio \(id)")
        return try await readModels.live.portfolioViews.portfolio(id)
    }

    /// The order once the read model has applied `position`.
    private func order(_ orderId: String, of id: String, at position: Int64) async throws -> OrderAnswer {
        try await applied(position, "order \(orderId)")
        return try await readModels.live.portfolioViews.order(orderId, of: id)
    }

    /// The portfolio id an `Idempotency-Key` header stands for: the same key of the same caller
    /// always names the same portfolio, so a repeated open answers the first one. Nil without one.
    /// - Throws: `APIError` 422 for a key that is empty or longer than 200 characters.
    static func portfolioId(_ request: Request, owner: String) throws -> String? {
        guard let key = request.headers[.idempotencyKey] else { return nil }
        guard !key.isEmpty, key.count <= 200 else {
            throw APIError.validation("Idempotency-Key: 1 to 200 characters")
        }
        let digest = Array(SHA256.hash(data: Data("autoindex-portfolio:\(owner):\(key)".utf8)).prefix(16))
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        let cuts = [8, 12, 16, 20]
        var id = ""
        for (index, character) in hex.enumerated() {
            if cuts.contains(index) { id.append("-") }
            id.append(character)
        }
        return id
    }

    /// A `true`/`false` query flag.
    private static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let text = request.uri.queryParameters[Substring(name)] else { return false }
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.validation("\(name): \"\(text)\" is not true or false")
        }
    }
}

extension HTTPField.Name {
    /// The caller's key for a command that must take effect once, however often it is sent.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
