/// How figures are spelled in the written files: `.` decimals by default, or the Vietnamese
/// notation (`,` decimals, the field then quoted: `"94,17"`). Integers never carry a thousands
/// separator, so they read the same in both notations.
struct Notation: Sendable {
    /// Whether decimals are written with a comma (and quoted).
    let vietnamese: Bool

    private static let lessOrEqual: [UInt8] = Array("≤ ".utf8)
    private static let greaterOrEqual: [UInt8] = Array("≥ ".utf8)
    private static let asciiAtLeast: [UInt8] = Array(">= ".utf8)

    private var separator: UInt8 { vietnamese ? UInt8(ascii: ",") : UInt8(ascii: ".") }
    private static let quote = UInt8(ascii: "\"")

    /// Writes `scaled / 10^decimals` with all its decimals (`94.10`, `"94,10"`).
    @inline(__always)
    func decimal(_ scaled: Int, decimals: Int, to sink: ByteSink) {
        if vietnamese { sink.byte(Self.quote) }
        sink.fixed(scaled, decimals: decimals, separator: separator)
        if vietnamese { sink.byte(Self.quote) }
    }

    /// Writes a number of tenths, without the decimal when it is whole (`95`, `95.5`).
    private func tenths(_ value: Int, to sink: ByteSink) {
        if value % 10 == 0 {
            sink.int(value / 10)
        } else {
            sink.fixed(value, decimals: 1, separator: separator)
        }
    }

    /// Writes the field `body` writes, quoted when one of the `tenthsValues` it holds gets a
    /// decimal comma.
    private func quotedIfNeeded(_ tenthsValues: Int..., to sink: ByteSink, body: () -> Void) {
        let quoted = vietnamese && tenthsValues.contains { $0 % 10 != 0 }
        if quoted { sink.byte(Self.quote) }
        body()
        if quoted { sink.byte(Self.quote) }
    }

    /// Writes a share (hundredths, 0...10000) as a bound or a range that contains it; `form`
    /// (0..<5) picks `<X`, `>= X`, `≤ X.5`, `a-b` or `≥ X`.
    func shareBound(_ hundredths: Int, form: Int, to sink: ByteSink) {
        let whole = hundredths / 100
        switch form {
        case 0 where whole < 100:
            sink.byte(UInt8(ascii: "<"))
            sink.int(whole + 1)
        case 2:
            let halves = (hundredths + 49) / 50
            let tenthsValue = halves * 5
            quotedIfNeeded(tenthsValue, to: sink) {
                sink.bytes(Self.lessOrEqual)
                tenths(tenthsValue, to: sink)
            }
        case 3:
            sink.int(max(0, whole - 1))
            sink.byte(UInt8(ascii: "-"))
            sink.int(min(100, whole + 1))
        case 4:
            sink.bytes(Self.greaterOrEqual)
            sink.int(whole)
        default:
            sink.bytes(Self.asciiAtLeast)
            sink.int(whole)
        }
    }

    /// Writes a target of `value` tenths in the notation `style` picks: 0 a plain number,
    /// 1 a bound on the ambitious side (`>= 95`, `≥ 95` for `higher`; `<3`, `< 3` for `lower`),
    /// 2 a range starting (higher) or ending (lower) at the value (`95-97`, `95- 97`, `2-3`).
    /// `cap` bounds a range's upper end. `variant` (0 or 1) varies the spacing.
    func target(_ value: Int, higher: Bool, style: Int, variant: Int, cap: Int, to sink: ByteSink) {
        switch style {
        case 1:
            quotedIfNeeded(value, to: sink) {
                if higher {
                    sink.bytes(variant == 0 ? Self.asciiAtLeast : Self.greaterOrEqual)
                } else {
                    sink.byte(UInt8(ascii: "<"))
                    if variant == 1 { sink.byte(UInt8(ascii: " ")) }
                }
                tenths(value, to: sink)
            }
        case 2:
            let low = higher ? value : max(0, value - 10)
            let high = higher ? min(cap, value + 20) : value
            guard low < high else {
                quotedIfNeeded(value, to: sink) { tenths(value, to: sink) }
                return
            }
            quotedIfNeeded(low, high, to: sink) {
                tenths(low, to: sink)
                sink.byte(UInt8(ascii: "-"))
                if variant == 1 { sink.byte(UInt8(ascii: " ")) }
                tenths(high, to: sink)
            }
        default:
            quotedIfNeeded(value, to: sink) { tenths(value, to: sink) }
        }
    }
}
