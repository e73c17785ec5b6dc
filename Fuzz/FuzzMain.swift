// libFuzzer entry point. Compiled into one module with SockguardPolicy and SockguardConfig (scripts/fuzz.sh), so targets can check
// internal invariants too. The target is chosen by SOCKGUARD_FUZZ_TARGET; each checks a property, not only that
// nothing traps: a violated property is a `fatalError`, which libFuzzer reports with the input that caused it.

#if canImport(Glibc)
import Glibc
#endif

enum FuzzTarget: String, CaseIterable {
    case path, json, decider, libpod, yaml, redaction, inspectors, archive

    static let chosen: FuzzTarget = {
        guard let name = getenv("SOCKGUARD_FUZZ_TARGET").map({ String(cString: $0) }),
            let target = FuzzTarget(rawValue: name)
        else { fatalError("set SOCKGUARD_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue))") }
        return target
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    switch FuzzTarget.chosen {
    case .path: PathFuzz.check(bytes)
    case .json: JSONFuzz.check(bytes)
    case .decider: DeciderFuzz.check(bytes)
    case .libpod: LibpodFuzz.check(bytes)
    case .yaml: YAMLFuzz.check(bytes)
    case .redaction: RedactionFuzz.check(bytes)
    case .inspectors: InspectorsFuzz.check(bytes)
    case .archive: ArchiveFuzz.check(bytes)
    }
    return 0
}

/// Stops the fuzzer on a broken property, naming it and the input.
func violated(_ property: String, _ detail: @autoclosure () -> String) -> Never {
    fatalError("property violated: \(property): \(detail())")
}
