import SockguardPolicy
import Testing

@Suite struct AddressRangeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let range: String
        let address: String
        let contains: Bool
        var testDescription: String { "\(range) \(contains ? "∋" : "∌") \(address)" }
    }

    @Test(
        "CIDR membership for IPv4, IPv6 and IPv4-mapped clients",
        arguments: [
            Case(range: "10.0.0.0/8", address: "10.1.2.3", contains: true),
            Case(range: "10.0.0.0/8", address: "11.0.0.1", contains: false),
            Case(range: "10.1.2.3", address: "10.1.2.3", contains: true),
            Case(range: "10.1.2.3", address: "10.1.2.4", contains: false),
            Case(range: "10.1.2.3/32", address: "10.1.2.3", contains: true),
            Case(range: "172.16.0.0/12", address: "172.31.255.255", contains: true),
            Case(range: "172.16.0.0/12", address: "172.32.0.0", contains: false),
            Case(range: "192.168.1.77/24", address: "192.168.1.1", contains: true),
            Case(range: "0.0.0.0/0", address: "8.8.8.8", contains: true),
            Case(range: "10.0.0.0/8", address: "::ffff:10.9.9.9", contains: true),
            Case(range: "10.0.0.0/8", address: "::ffff:11.9.9.9", contains: false),
            Case(range: "fd00::/8", address: "fd12::1", contains: true),
            Case(range: "fd00::/8", address: "fe80::1", contains: false),
            Case(range: "::1", address: "::1", contains: true),
            Case(range: "::1/128", address: "0:0:0:0:0:0:0:1", contains: true),
            Case(range: "2001:db8::/32", address: "2001:db8:ffff::1", contains: true),
            Case(range: "2001:db8::/33", address: "2001:db8:8000::1", contains: false),
            Case(range: "10.0.0.0/8", address: "fd00::1", contains: false),
            Case(range: "::/0", address: "10.0.0.1", contains: false),
        ]
    )
    func membership(_ testCase: Case) throws {
        let range = try #require(AddressRange(testCase.range))
        let address = try #require(AddressRange.parse(testCase.address))
        #expect(range.contains(address) == testCase.contains)
    }

    @Test(
        "malformed ranges are refused",
        arguments: [
            "", "10.0.0", "10.0.0.0.1", "256.0.0.1", "10.0.0.01", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8",
            "10.0.0.0/", "fd00::/129", "fd00:::1", "1::2::3", "12345::", "g::1", "localhost", " 10.0.0.1",
        ]
    )
    func malformed(_ text: String) {
        #expect(AddressRange(text) == nil)
    }
}
