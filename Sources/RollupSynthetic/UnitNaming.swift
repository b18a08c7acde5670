/// Codes and Vietnamese-looking names of synthetic units, written straight as UTF-8 bytes.
///
/// A code is the level's prefix and the unit's 1-based index on its level (`P3`, `C1204`,
/// `G99871`; the national root is `VN`). A name is a level noun, a place name and the index
/// ("Quận Hồng Bàng 3", "Phường Lê Lợi 12"); groups are numbered within their parent
/// ("Tổ dân phố 7", "Thôn 4"). Names never contain a comma or a quote, so they are never quoted.
struct UnitNaming: Sendable {
    private static let places: [[UInt8]] = [
        "Hồng Bàng", "Lê Lợi", "Ngô Quyền", "Lê Chân", "Kiến An", "Hải An", "Đồ Sơn", "Dương Kinh",
        "An Dương", "Thủy Nguyên", "Tiên Lãng", "Vĩnh Bảo", "Cát Hải", "Bạch Đằng", "Trần Phú",
        "Quang Trung", "Hoàng Văn Thụ", "Minh Khai", "Đông Hải", "Nam Sơn", "Tràng Cát", "Nghĩa Xá",
        "Bắc Sơn", "Đồng Hòa", "Phúc Xá", "Bến Nghé", "Đa Kao", "Ứng Hòa", "Tân Định", "Hòa Bình",
        "Thống Nhất", "Phú Thọ", "Yên Thế", "Lạc Long Quân", "Âu Cơ", "Hùng Vương", "Tô Hiệu",
        "Cầu Đất", "Lãm Hà", "Thượng Lý", "Sở Dầu", "Vạn Mỹ", "Đằng Giang", "Cầu Tre", "Gia Viên",
        "Máy Chai", "Lạch Tray", "Dư Hàng", "An Biên", "Trại Cau", "Niệm Nghĩa", "Kênh Dương",
        "Vĩnh Niệm", "Quán Toan", "Tràng Minh", "Bàng La", "Hợp Đức", "Ngọc Xuyên", "Thành Tô",
    ].map { Array($0.utf8) }

    private static let regions: [[UInt8]] = [
        "Trung du và miền núi phía Bắc", "Đồng bằng sông Hồng", "Bắc Trung Bộ và duyên hải miền Trung",
        "Tây Nguyên", "Đông Nam Bộ", "Đồng bằng sông Cửu Long",
    ].map { Array($0.utf8) }

    private static let nation = Array("Việt Nam".utf8)
    private static let cityRoot = Array("Thành phố Hoa Phượng".utf8)
    private static let region = Array("Vùng ".utf8)
    private static let city = Array("Thành phố ".utf8)
    private static let province = Array("Tỉnh ".utf8)
    private static let urbanDistrict = Array("Quận ".utf8)
    private static let ruralDistrict = Array("Huyện ".utf8)
    private static let ward = Array("Phường ".utf8)
    private static let rural = Array("Xã ".utf8)
    private static let specialZone = Array("Đặc khu ".utf8)
    private static let urbanGroup = Array("Tổ dân phố ".utf8)
    private static let village = Array("Thôn ".utf8)

    /// Writes the code of unit `index` of `level`.
    @inline(__always)
    func code(_ level: TreeLevel, _ index: Int, to sink: ByteSink) {
        sink.bytes(level.codePrefix)
        if level.kind.codeHasIndex { sink.int(index + 1) }
    }

    /// Whether a commune is urban (a ward, "Phường"): its groups are "Tổ dân phố", not "Thôn".
    private static func isUrbanCommune(_ index: Int) -> Bool { index % 3 == 0 }

    /// Writes the name of unit `index` of `level`; `rank` is its 1-based place among its
    /// siblings, `parentKind` and `parentIndex` name its parent (ignored for the root).
    func name(
        _ level: TreeLevel, _ index: Int, rank: Int, parentKind: LevelKind?, parentIndex: Int,
        to sink: ByteSink
    ) {
        let place = Self.places[(index &* 7 &+ level.count) % Self.places.count]
        switch level.kind {
        case .national:
            sink.bytes(Self.nation)
            return
        case .region:
            sink.bytes(Self.region)
            sink.bytes(Self.regions[index % Self.regions.count])
            if index < Self.regions.count { return }
        case .province:
            if parentKind == nil {
                sink.bytes(Self.cityRoot)
                return
            }
            sink.bytes(index % 5 == 0 ? Self.city : Self.province)
            sink.bytes(place)
        case .district:
            sink.bytes(index % 3 == 0 ? Self.ruralDistrict : Self.urbanDistrict)
            sink.bytes(place)
        case .commune:
            if level.isLeaf(index) {
                sink.bytes(Self.specialZone)
            } else {
                sink.bytes(Self.isUrbanCommune(index) ? Self.ward : Self.rural)
            }
            sink.bytes(place)
        case .ward:
            sink.bytes(Self.ward)
            sink.bytes(place)
        case .group:
            let isVillage = parentKind == .commune && !Self.isUrbanCommune(parentIndex)
            sink.bytes(isVillage ? Self.village : Self.urbanGroup)
            sink.int(rank)
            return
        }
        sink.byte(UInt8(ascii: " "))
        sink.int(index + 1)
    }
}
