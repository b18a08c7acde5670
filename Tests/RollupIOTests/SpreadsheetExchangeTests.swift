import Foundation
import RollupModel
import RollupTestSupport
import XCTest

@testable import RollupIO

/// Files as spreadsheets exchange them: `;` separators with decimal commas, Windows-1258 with
/// combining tone marks, names typed precomposed or decomposed; and the `--excel` copies.
final class SpreadsheetExchangeTests: XCTestCase {
    // MARK: Windows-1258

    /// Every Vietnamese vowel with no tone and each of the five tone marks (huyền, hỏi, ngã,
    /// sắc, nặng), lower and upper case, as they should read once decoded and normalised.
    static let toneTable: [(base: String, forms: [String])] = [
        ("a", ["a", "à", "ả", "ã", "á", "ạ"]), ("ă", ["ă", "ằ", "ẳ", "ẵ", "ắ", "ặ"]), ("â", ["â", "ầ", "ẩ", "ẫ", "ấ", "ậ"]),
        ("e", ["e", "è", "ẻ", "ẽ", "é", "ẹ"]), ("ê", ["ê", "ề", "ể", "ễ", "ế", "ệ"]), ("i", ["i", "ì", "ỉ", "ĩ", "í", "ị"]),
        ("o", ["o", "ò", "ỏ", "õ", "ó", "ọ"]), ("ô", ["ô", "ồ", "ổ", "ỗ", "ố", "ộ"]), ("ơ", ["ơ", "ờ", "ở", "ỡ", "ớ", "ợ"]),
        ("u", ["u", "ù", "ủ", "ũ", "ú", "ụ"]), ("ư", ["ư", "ừ", "ử", "ữ", "ứ", "ự"]), ("y", ["y", "ỳ", "ỷ", "ỹ", "ý", "ỵ"]),
        ("A", ["A", "À", "Ả", "Ã", "Á", "Ạ"]), ("Ă", ["Ă", "Ằ", "Ẳ", "Ẵ", "Ắ", "Ặ"]), ("Â", ["Â", "Ầ", "Ẩ", "Ẫ", "Ấ", "Ậ"]),
        ("E", ["E", "È", "Ẻ", "Ẽ", "É", "Ẹ"]), ("Ê", ["Ê", "Ề", "Ể", "Ễ", "Ế", "Ệ"]), ("I", ["I", "Ì", "Ỉ", "Ĩ", "Í", "Ị"]),
        ("O", ["O", "Ò", "Ỏ", "Õ", "Ó", "Ọ"]), ("Ô", ["Ô", "Ồ", "Ổ", "Ỗ", "Ố", "Ộ"]), ("Ơ", ["Ơ", "Ờ", "Ở", "Ỡ", "Ớ", "Ợ"]),
        ("U", ["U", "Ù", "Ủ", "Ũ", "Ú", "Ụ"]), ("Ư", ["Ư", "Ừ", "Ử", "Ữ", "Ứ", "Ự"]), ("Y", ["Y", "Ỳ", "Ỷ", "Ỹ", "Ý", "Ỵ"]),
    ]

    /// The Windows-1258 byte of each base letter.
    static let baseByte: [String: UInt8] = [
        "a": 0x61, "ă": 0xE3, "â": 0xE2, "e": 0x65, "ê": 0xEA, "i": 0x69, "o": 0x6F, "ô": 0xF4, "ơ": 0xF5, "u": 0x75, "ư": 0xFD,
        "y": 0x79, "A": 0x41, "Ă": 0xC3, "Â": 0xC2, "E": 0x45, "Ê": 0xCA, "I": 0x49, "O": 0x4F, "Ô": 0xD4, "Ơ": 0xD5, "U": 0x55,
        "Ư": 0xDD, "Y": 0x59,
    ]

    /// The combining tone marks of Windows-1258, in the table's order: huyền (grave), hỏi (hook
    /// above), ngã (tilde), sắc (acute), nặng (dot below).
    static let toneBytes: [UInt8] = [0xCC, 0xD2, 0xDE, 0xEC, 0xF2]

    func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    func decoded(_ bytes: [UInt8]) throws -> String {
        let prepared = InputDecoding.prepare(bytes, encoding: .windows1258)
        XCTAssertNil(prepared.error.map(\.message))
        return String(decoding: prepared.bytes, as: UTF8.self)
    }

    func testEveryVietnameseLetterWithEachToneMarkDecodesToNFC() throws {
        var checked = 0
        for (base, forms) in Self.toneTable {
            let byte = try XCTUnwrap(Self.baseByte[base], base)
            XCTAssertEqual(scalars(try decoded([byte])), scalars(forms[0]), base)
            for (k, tone) in Self.toneBytes.enumerated() {
                let expected = forms[k + 1]
                XCTAssertEqual(expected.unicodeScalars.count, 1, "\(expected) is one precomposed letter")
                XCTAssertEqual(scalars(try decoded([byte, tone])), scalars(expected), "\(base) + tone \(k)")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 24 * 5)
        // đ and Đ, and the precomposed letters Windows-1258 also has.
        XCTAssertEqual(try decoded([0xF0, 0xD0]), "đĐ")
        for (letter, byte) in [("à", 0xE0), ("á", 0xE1), ("é", 0xE9), ("ó", 0xF3), ("ú", 0xFA), ("Á", 0xC1), ("Ó", 0xD3)]
            as [(String, UInt8)]
        {
            XCTAssertEqual(scalars(try decoded([byte])), scalars(letter))
        }
        // A whole name, as an old spreadsheet saves it: "Phường Bắc Sơn".
        let name: [UInt8] = [0x50, 0x68, 0xFD, 0xF5, 0xCC, 0x6E, 0x67, 0x20, 0x42, 0xE3, 0xEC, 0x63, 0x20, 0x53, 0xF5, 0x6E]
        XCTAssertEqual(scalars(try decoded(name)), scalars("Phường Bắc Sơn"))
    }

    func testUndefinedWindows1258ByteIsAnError() {
        let prepared = InputDecoding.prepare(Array("code,name\nA,x".utf8) + [0x81], encoding: .windows1258)
        XCTAssertEqual(prepared.error?.line, 2)
        XCTAssertEqual(prepared.error?.column, 4)
        XCTAssertTrue(prepared.error?.message.contains("0x81") == true)
    }

    func testUTF8PassesThroughUntouchedAndDecomposedTextIsComposed() {
        let precomposedText = Array("code,name\nBS,Phường Bắc Sơn\n".utf8)
        XCTAssertEqual(InputDecoding.prepare(precomposedText, encoding: .auto).bytes, precomposedText)
        let decomposed = Array("code,name\nBS,Phường Bắc Sơn\n".decomposedStringWithCanonicalMapping.utf8)
        XCTAssertNotEqual(decomposed, precomposedText)
        let prepared = InputDecoding.prepare(decomposed, encoding: .auto)
        XCTAssertEqual(prepared.bytes, precomposedText)
        XCTAssertNil(prepared.warning.map(\.message))
        XCTAssertEqual(InputEncoding(name: "CP1258"), .windows1258)
        XCTAssertEqual(InputEncoding(name: "UTF8"), .utf8)
        XCTAssertNil(InputEncoding(name: "latin1"))
    }

    /// `text` in Windows-1258 as Windows writes it: each letter as its base letter's byte and a
    /// combining tone mark byte.
    func windows1258(_ text: String) -> [UInt8] {
        let tones: [UInt32: UInt8] = [0x300: 0xCC, 0x309: 0xD2, 0x303: 0xDE, 0x301: 0xEC, 0x323: 0xF2]
        var bases: [String: UInt8] = ["đ": 0xF0, "Đ": 0xD0]
        for (base, byte) in Self.baseByte { bases[base] = byte }
        var out: [UInt8] = []
        for character in text {
            if character.isASCII {
                out.append(character.asciiValue ?? 0)
                continue
            }
            let scalars = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
            var base = String.UnicodeScalarView()
            var tone: UInt8?
            for scalar in scalars {
                if let t = tones[scalar.value] { tone = t } else { base.append(scalar) }
            }
            let letter = String(base).precomposedStringWithCanonicalMapping
            guard let byte = bases[letter] else {
                XCTFail("no Windows-1258 byte for \(letter)")
                continue
            }
            out.append(byte)
            if let tone { out.append(tone) }
        }
        return out
    }

    func testWindows1258DataFolderLoadsWithAWarningOrSilentlyWhenAsked() throws {
        let folder = try DataFolder([:])
        let units = "code,name,parent,level\nKA,Quận Kiến An,,district\nBS,Phường Bắc Sơn,KA,ward\n"
        let indicators = "code,name,unit,aggregation\nBEDS,Số giường bệnh,giường,sum\n"
        try Data(windows1258(units)).write(to: URL(fileURLWithPath: folder.file("units.csv")))
        try Data(windows1258(indicators)).write(to: URL(fileURLWithPath: folder.file("indicators.csv")))
        try Data("unit,indicator,period,value\nBS,BEDS,2024,12\n".utf8).write(to: URL(fileURLWithPath: folder.file("values.csv")))
        guard case .success(let auto) = DatasetLoader.load(folder: folder.path) else { return XCTFail("load failed") }
        XCTAssertEqual(auto.warnings.count, 2, "\(auto.warnings)")
        XCTAssertTrue(auto.warnings[0].description.hasPrefix(folder.file("units.csv") + ":2:"))
        XCTAssertTrue(auto.warnings[0].message.contains("Windows-1258"))
        XCTAssertEqual(scalars(auto.dataset.units.name(of: 1)), scalars("Phường Bắc Sơn"))
        XCTAssertEqual(scalars(auto.dataset.indicators[0].name), scalars("Số giường bệnh"))
        var asked = LoadOptions()
        asked.encoding = .windows1258
        guard case .success(let explicit) = DatasetLoader.load(folder: folder.path, options: asked) else { return XCTFail("load failed") }
        XCTAssertTrue(explicit.warnings.isEmpty)
        XCTAssertEqual(scalars(explicit.dataset.units.name(of: 0)), scalars("Quận Kiến An"))
    }

    func testNameAndCodeTypedTwoWaysAreOne() throws {
        // The unit's code is written precomposed in units.csv and decomposed in values.csv.
        let code = "BẮC_SƠN"
        let folder = try DataFolder([
            "units.csv": "code,name,parent\nKA,Quận Kiến An,\n\(code),\("Phường Bắc Sơn".decomposedStringWithCanonicalMapping),KA\n",
            "indicators.csv": "code,name,unit,aggregation\nBEDS,Số giường bệnh,giường,sum\n",
            "values.csv": "unit,indicator,period,value\n\(code.decomposedStringWithCanonicalMapping),BEDS,2024,12\n",
        ])
        guard case .success(let loaded) = DatasetLoader.load(folder: folder.path) else { return XCTFail("load failed") }
        XCTAssertEqual(loaded.dataset.units.count, 2)
        XCTAssertEqual(scalars(loaded.dataset.units.codes[1]), scalars(code))
        XCTAssertEqual(scalars(loaded.dataset.units.name(of: 1)), scalars("Phường Bắc Sơn"))
        XCTAssertEqual(loaded.dataset.reported[0][0].values[1], 12)
    }

    // MARK: `;` separator

    func steps(_ text: String, separator: UInt8) -> [[String]] {
        let csv = CSVText(path: "t.csv", bytes: Array(text.utf8))
        return csv.bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(bytes: buffer, start: 0, end: buffer.count, firstLine: 1, separator: separator)
            var fields: [CSVField] = []
            var rows: [[String]] = []
            while true {
                switch reader.next(into: &fields) {
                case .end: return rows
                case .record: rows.append(fields.map { csv.text($0) })
                case .malformed(let e): rows.append(["malformed: " + e.message])
                }
            }
        }
    }

    func testReaderSplitsOnTheSeparatorGiven() {
        XCTAssertEqual(steps("a;b,c;\"d;e\"\n;;\n1;2;3\n", separator: 0x3B), [["a", "b,c", "d;e"], ["1", "2", "3"]])
        XCTAssertEqual(steps("a;b,c\n", separator: 0x2C), [["a;b", "c"]])
        XCTAssertEqual(
            steps("\"a\"x;b\n", separator: 0x3B), [["malformed: found text after a closing quote, expected ';' or the end of the line"]])
    }

    func testSeparatorIsDetectedFromTheHeader() {
        func detect(_ header: String) -> UInt8 { CSVTable.detectSeparator(CSVText(path: "t", bytes: Array(header.utf8))) }
        XCTAssertEqual(detect("unit;indicator;period;value\nA,B;C\n"), 0x3B)
        XCTAssertEqual(detect("\u{FEFF}unit;indicator;period;value\r\n"), 0x3B)
        XCTAssertEqual(detect("unit,indicator,period,value\n"), 0x2C)
        XCTAssertEqual(detect("\"a,b\";c\n"), 0x3B)
        XCTAssertEqual(detect("a;b,c\n"), 0x2C)
        XCTAssertEqual(detect("code\n"), 0x2C)
    }

    func testSemicolonSeparatedFolderWithDecimalCommas() throws {
        let folder = try DataFolder([
            "units.csv":
                "\u{FEFF}code;name;parent;level\r\nHP;Thành phố Hải Phòng;;city\r\nKA;\"Quận Kiến An; Hải Phòng\";HP;district\r\nHA;Quận Hải An;HP;district\r\n",
            "indicators.csv":
                "code;name;unit;aggregation;weight;low;high\nPOP;Dân số;người;sum;;0;\nBHYT;Tỉ lệ bao phủ BHYT;%;weighted_mean;POP;0;100\n",
            "values.csv": "unit;indicator;period;value\nKA;POP;2024;49.400\nHA;POP;2024;1.234,5\nKA;BHYT;2024;94,17\nHA;BHYT;2024;90\n",
            "targets.csv": "unit;indicator;year;target\nHP;BHYT;2025;≥ 95\nKA;BHYT;2025;\"93,5\"\n",
        ])
        let result = DatasetLoader.load(folder: folder.path)
        guard case .success(let loaded) = result else { return XCTFail("\(result)") }
        let d = loaded.dataset
        XCTAssertEqual(d.units.name(of: 1), "Quận Kiến An; Hải Phòng")
        let tree = d.trees[0]
        let ka = Int(tree.positionOf[1])
        let ha = Int(tree.positionOf[2])
        XCTAssertEqual(d.reported[0][0].values[ka], 49400)
        XCTAssertEqual(d.reported[0][0].values[ha], 1234.5)
        XCTAssertEqual(d.reported[0][1].values[ka], 94.17)
        XCTAssertEqual(d.targets.target(unit: 1, indicator: 1, year: 2025)?.figure, .number(93.5))
        XCTAssertTrue(loaded.warnings.isEmpty, "\(loaded.warnings)")
    }

    func testSemicolonFileErrorsArePositioned() throws {
        let folder = try DataFolder([
            "units.csv": "code;name;parent\nHP;Hải Phòng;\nKA;Kiến An;HP\n",
            "indicators.csv": "code;name;unit;aggregation\nPOP;Dân số;người;sum\n",
            "values.csv": "unit;indicator;period;value\nKA;POP;2024;4O\nKA;POP;2024\n",
        ])
        guard case .failure(let failure) = DatasetLoader.load(folder: folder.path) else { return XCTFail("loaded") }
        let lines = failure.errors.map(\.description)
        XCTAssertTrue(lines.contains { $0.hasPrefix(folder.file("values.csv") + ":2:13: found '4O'") }, "\(lines)")
        XCTAssertTrue(
            lines.contains { $0.hasPrefix(folder.file("values.csv") + ":3:") && $0.contains("found 3 fields, expected 4") }, "\(lines)")
    }

    // MARK: --excel copies

    func excel(_ csv: String) -> String {
        let bytes = SpreadsheetCopy.convert(Array(csv.utf8))
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        return String(decoding: bytes.dropFirst(3), as: UTF8.self)
    }

    func testFormulaLikeCellsAreShownAsTextAndNumbersStayNumbers() {
        let rollups =
            "unit,indicator,period,value,low,high,coverage,source\n" + "=1+1,+SUM(A1),2024,-3.5,-10,1e-05,0.5,rollup\n"
            + "@cmd,-x,2024,Giải quyết cơ bản,,,1,reported\n" + "\"\tTAB\",\"a,\"\"b\"\"\",2024,=2,,,,own_report\n"
        XCTAssertEqual(
            excel(rollups),
            "\"unit\",\"indicator\",\"period\",\"value\",\"low\",\"high\",\"coverage\",\"source\"\r\n"
                + "\"'=1+1\",\"'+SUM(A1)\",2024,-3.5,-10,1e-05,0.5,\"rollup\"\r\n"
                + "\"'@cmd\",\"'-x\",2024,\"Giải quyết cơ bản\",,,1,\"reported\"\r\n"
                + "\"'\tTAB\",\"a,\"\"b\"\"\",2024,\"'=2\",,,,\"own_report\"\r\n")
    }

    func testFindingsAndProgressCopiesKeepNegativeNumbersAndQuoteBounds() {
        let findings =
            "kind,severity,unit,indicator,period,value,expected,message\nrollup_mismatch,error,D1,POP,2024,-3.36,<3,\"-3 below, = bad\"\n"
        XCTAssertEqual(
            excel(findings).split(separator: "\r\n").last,
            "\"rollup_mismatch\",\"error\",\"D1\",\"POP\",2024,-3.36,\"<3\",\"'-3 below, = bad\"")
        let progress =
            "unit,indicator,year,target,period,value,status,baseline_period,baseline_value,progress_ratio\nBS,UNEMP,2025,-2,2024,-1.5,off_track,2023,-0.5,-0.25\n"
        XCTAssertEqual(excel(progress).split(separator: "\r\n").last, "\"BS\",\"UNEMP\",2025,-2,2024,-1.5,\"off_track\",2023,-0.5,-0.25")
        XCTAssertEqual(SpreadsheetCopy.name(for: "rollups.csv"), "rollups.excel.csv")
    }

    func testConverterFedRecordByRecordGivesTheWholeFilesCopy() {
        let csv = Array("unit,value,note\nW1,-2,\"=1+1\"\nW2,94.17,\"a \"\"b\"\"\nc\"\nW3,,@x\n".utf8)
        var converter = SpreadsheetCopy.Converter()
        var pieces = SpreadsheetCopy.byteOrderMark
        var start = 0
        var quoted = false
        for (k, b) in csv.enumerated() {
            if b == 0x22 { quoted.toggle() }
            guard b == 0x0A && !quoted else { continue }
            csv.withUnsafeBufferPointer { converter.convert(UnsafeBufferPointer(rebasing: $0[start...k]), to: &pieces) }
            start = k + 1
        }
        XCTAssertEqual(pieces, SpreadsheetCopy.convert(csv))
        XCTAssertEqual(
            String(decoding: pieces.dropFirst(3), as: UTF8.self),
            "\"unit\",\"value\",\"note\"\r\n\"W1\",-2,\"'=1+1\"\r\n\"W2\",94.17,\"a \"\"b\"\"\nc\"\r\n\"W3\",,\"'@x\"\r\n")
    }
}
