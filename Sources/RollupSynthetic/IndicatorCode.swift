/// The indicator codes as bytes, for the value rows.
enum IndicatorCode {
    static let population = Array("POP".utf8)
    static let labour = Array("LAB".utf8)
    static let households = Array("HH".utf8)
    static let healthInsurance = Array("BHYT".utf8)
    static let unemployment = Array("UNEMP".utf8)
    static let cleanWater = Array("WATER".utf8)
    static let beds = Array("BEDS".utf8)
    static let bedsPerTenThousand = Array("BEDS10K".utf8)
    static let newRural = Array("NTM".utf8)
    static let schooling = Array("SCHOOL_MIN".utf8)
    static let poverty = Array("POOR_MAX".utf8)
    static let satisfaction = Array("SATIS".utf8)
    static let humanDevelopment = Array("HDI".utf8)
}
