/// The report's style sheet: a font stack with Vietnamese glyphs, tables and badges that read in
/// black and white, and print rules for A4 (page size and margins, a page break before each
/// section, no chart split across pages, every `<details>` printed open).
///
/// It holds no `<` or `&`, so it is well-formed XML text as it is.
enum ReportStyle {
    static let css = """
        @page { size: A4; margin: 14mm 12mm 16mm 12mm; }
        html { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Roboto, Arial, "Liberation Sans", sans-serif; }
        body { max-width: 190mm; margin: 0 auto; padding: 12px 16px 40px; color: #1a1a1a; background: #ffffff; font-size: 10.5pt; line-height: 1.42; }
        svg { font-family: inherit; max-width: 100%; height: auto; }
        h1 { font-size: 19pt; margin: 6px 0 2px; }
        h2 { font-size: 14pt; margin: 30px 0 8px; padding-bottom: 3px; border-bottom: 2px solid #333333; }
        h3 { font-size: 11.5pt; margin: 18px 0 4px; }
        p { margin: 4px 0 8px; }
        .subtitle { color: #444444; margin: 0 0 10px; }
        .code { color: #555555; font-weight: normal; font-size: 90%; }
        .note { color: #444444; font-style: italic; }
        .quiet { color: #555555; font-size: 92%; }
        nav.contents { border: 1px solid #cccccc; padding: 6px 10px; margin: 8px 0 14px; }
        nav.contents a { margin-right: 14px; color: #1e4f8c; }
        table { border-collapse: collapse; margin: 6px 0 12px; }
        th, td { border: 1px solid #b5b5b5; padding: 3px 6px; text-align: left; vertical-align: top; }
        th { background: #eeeeee; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.findings td { font-size: 92%; }
        .cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 12px; }
        .card { flex: 1 1 0; border: 1px solid #bbbbbb; border-radius: 3px; padding: 6px 10px; min-width: 30mm; }
        .card .big { font-size: 16pt; font-weight: bold; display: block; }
        .badge { display: inline-block; min-width: 1.3em; padding: 0 4px; border-radius: 3px; font-weight: bold; text-align: center; border: 1px solid #333333; font-size: 90%; }
        .sev-error { background: #c62828; color: #ffffff; }
        .sev-warning { background: #ffb74d; color: #000000; }
        .sev-info { background: #d6e6f5; color: #000000; }
        figure.chart { margin: 6px 0 14px; break-inside: avoid; page-break-inside: avoid; }
        figure.chart figcaption { font-size: 95%; margin-bottom: 2px; }
        section.indicator h3 { break-after: avoid; page-break-after: avoid; }
        .grid-block { margin: 8px 0 16px; }
        details.unit { margin: 2px 0 2px 14px; }
        details.unit > summary { cursor: pointer; padding: 1px 0; }
        details.unit.root { margin-left: 0; }
        ul.unit-findings { margin: 2px 0 6px 10px; padding-left: 16px; }
        ul.unit-findings li { margin: 2px 0; font-size: 94%; }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: 3px 14px; }
        dl.facts dt { font-weight: bold; }
        dl.facts dd { margin: 0; }
        @media print {
          body { max-width: none; padding: 0; font-size: 9.5pt; }
          nav.contents { display: none; }
          h2 { break-before: page; page-break-before: always; }
          #overview h2 { break-before: auto; page-break-before: auto; }
          tr, li, .card { break-inside: avoid; page-break-inside: avoid; }
          details::details-content { content-visibility: visible; display: block; }
          details > summary { list-style: none; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
