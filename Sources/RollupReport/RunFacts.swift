/// What a report says about the run it comes from: the files read, when, with which options and
/// which version of rollup.
public struct RunFacts: Sendable, Hashable {
    /// One input file and its size.
    public struct InputFile: Sendable, Hashable {
        /// The path as given on the command line (`Samples/haiphong-real/units.csv`).
        public var path: String
        /// Its size in bytes.
        public var bytes: Int

        /// Makes an entry.
        public init(path: String, bytes: Int) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// One option of the run, as `name` and value (`threads`, `8`).
    public struct Option: Sendable, Hashable {
        /// The option's name (`vietnamese`).
        public var name: String
        /// Its value (`yes`, `8`, `windows-1258`).
        public var value: String

        /// Makes an entry.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The data folder read.
    public var dataFolder: String
    /// The files read, with their sizes.
    public var inputFiles: [InputFile]
    /// When the run was made, as an ISO 8601 UTC time (`2025-11-23T00:22:05Z`).
    public var runTime: String
    /// When the report was made, if later than the run (`rollup report`).
    public var reportTime: String?
    /// The options of the run.
    public var options: [Option]
    /// rollup's version.
    public var version: String
    /// The warnings the input raised (unknown columns, a file read as Windows-1258).
    public var warnings: [String]

    /// Makes the facts.
    public init(
        dataFolder: String, inputFiles: [InputFile], runTime: String, reportTime: String? = nil, options: [Option] = [],
        version: String, warnings: [String] = []
    ) {
        self.dataFolder = dataFolder
        self.inputFiles = inputFiles
        self.runTime = runTime
        self.reportTime = reportTime
        self.options = options
        self.version = version
        self.warnings = warnings
    }
}

/// How much a report draws, so that a tree of a million units still gives a page a browser opens
/// and a printer prints. Whatever is left out is said in the report.
public struct ReportLimits: Sendable, Hashable {
    /// Charts drawn in all.
    public var charts: Int
    /// Charts drawn for one indicator (the parents nearest the root first).
    public var chartsPerIndicator: Int
    /// Rows (children) in one chart.
    public var barsPerChart: Int
    /// Rows of the progress grid.
    public var gridRows: Int
    /// Columns of one progress grid before it is split into several.
    public var gridColumns: Int
    /// Units shown in the tree.
    public var treeUnits: Int
    /// Depths shown in the tree (roots at depth 0).
    public var treeDepth: Int
    /// Findings listed under one unit in the tree.
    public var findingsPerUnit: Int
    /// Findings listed in the overview, worst first.
    public var findingsListed: Int

    /// The defaults: 120 charts (6 per indicator, 40 rows each), a grid of 150 rows split every
    /// 24 columns, 400 units of the tree down to depth 5, 15 findings per unit, 10 in the overview.
    public init(
        charts: Int = 120, chartsPerIndicator: Int = 6, barsPerChart: Int = 40, gridRows: Int = 150, gridColumns: Int = 24,
        treeUnits: Int = 400, treeDepth: Int = 5, findingsPerUnit: Int = 15, findingsListed: Int = 10
    ) {
        self.charts = charts
        self.chartsPerIndicator = chartsPerIndicator
        self.barsPerChart = barsPerChart
        self.gridRows = gridRows
        self.gridColumns = gridColumns
        self.treeUnits = treeUnits
        self.treeDepth = treeDepth
        self.findingsPerUnit = findingsPerUnit
        self.findingsListed = findingsListed
    }
}
