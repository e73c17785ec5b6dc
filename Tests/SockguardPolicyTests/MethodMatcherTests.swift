import SockguardPolicy
import Testing

@Suite struct MethodMatcherTests {
    struct SpecCase: Sendable, CustomTestStringConvertible {
        let spec: String
        let description: String
        let matching: [String]
        let notMatching: [String]
        var testDescription: String { spec.debugDescription }
    }

    static let specCases: [SpecCase] = [
        .init(spec: "*", description: "*", matching: ["GET", "POST", "DELETE", "OPTIONS"], notMatching: []),
        .init(spec: "GET", description: "GET", matching: ["GET"], notMatching: ["HEAD", "POST", "get"]),
        .init(spec: "GET,HEAD", description: "GET,HEAD", matching: ["GET", "HEAD"], notMatching: ["POST"]),
        .init(spec: " get , head ", description: "GET,HEAD", matching: ["GET", "HEAD"], notMatching: ["PUT"]),
        .init(spec: "head,get", description: "GET,HEAD", matching: ["GET", "HEAD"], notMatching: ["DELETE"]),
        .init(spec: "Post", description: "POST", matching: ["POST"], notMatching: ["GET", "post"]),
        .init(
            spec: "PUT,DELETE,PATCH,OPTIONS",
            description: "PUT,DELETE,PATCH,OPTIONS",
            matching: ["PUT", "DELETE", "PATCH", "OPTIONS"],
            notMatching: ["GET"]
        ),
        .init(spec: "GET,*", description: "*", matching: ["GET", "POST"], notMatching: []),
        .init(spec: "\tGET\t", description: "GET", matching: ["GET"], notMatching: ["HEAD"]),
    ]

    @Test("a method spec parses case-insensitively and matches wire methods exactly", arguments: specCases)
    func parsing(_ testCase: SpecCase) throws {
        let matcher = try MethodMatcher(testCase.spec)
        #expect(matcher.description == testCase.description)
        for method in testCase.matching {
            #expect(matcher.matches(method), "\(method)")
        }
        for method in testCase.notMatching {
            #expect(!matcher.matches(method), "\(method)")
        }
    }

    static let invalidCases: [(spec: String, badToken: String)] = [
        ("FETCH", "\"FETCH\""),
        ("", "empty method"),
        ("GET,,POST", "empty method"),
        ("GET,", "empty method"),
        (" , ", "empty method"),
        ("GET,FETCH", "\"FETCH\""),
        ("GTE", "\"GTE\""),
        ("CONNECT", "\"CONNECT\""),
        ("GET HEAD", "\"GET HEAD\""),
        ("GET,*,BREW", "\"BREW\""),
    ]

    @Test("an invalid method spec is refused, naming the bad token", arguments: invalidCases)
    func invalid(spec: String, badToken: String) {
        #expect {
            try MethodMatcher(spec)
        } throws: { error in
            guard let error = error as? MethodMatcherError else { return false }
            return error.message.contains(badToken) && error.message.contains(spec.debugDescription)
        }
    }

    @Test("the any matcher matches every method")
    func any() throws {
        #expect(MethodMatcher.any.matches("GET"))
        #expect(MethodMatcher.any.matches("BREW"))
        #expect(MethodMatcher.any == (try MethodMatcher("*")))
        #expect(MethodMatcher.any.description == "*")
    }

    @Test("a method set is uppercased, and \"*\" in it means any")
    func methodSet() throws {
        let matcher = MethodMatcher(methods: ["get", "HEAD"])
        #expect(matcher == (try MethodMatcher("GET,HEAD")))
        #expect(matcher.matches("GET"))
        #expect(!matcher.matches("POST"))
        #expect(MethodMatcher(methods: ["*", "GET"]) == .any)
        #expect(!MethodMatcher(methods: []).matches("GET"))
    }
}
