import Foundation
import Testing
@testable import MindfulReport

extension Tag {
    /// The Mustache templates and the values they read.
    @Tag static var templates: Self
}

/// The template engine against the Mustache specification's rules (interpolation, sections,
/// inverted sections, partials, comments, delimiters, standalone lines) and the values models
/// encode to.
@Suite(.tags(.templates)) struct MustacheTemplateTests {
    struct Cell: TemplateModel { var value: String; var unit: String? = nil }
    struct Row: TemplateModel { var day: String; var cells: [Cell] }
    struct Page: TemplateModel {
        var title = "A & B <c> \"d\" 'e'"
        var flag = true
        var off = false
        var rows: [Row] = []
        var names: [String] = []
        var unit: String? = nil
        var nested = Nested()
    }
    struct Nested: TemplateModel { var inner = "deep"; var title = "nested title" }

    func render(_ source: String, _ model: some TemplateModel, partials: [String: String] = [:]) throws -> String {
        let compiled = try partials.mapValues { try MustacheTemplate($0) }
        let value = try TemplateValue(encoding: model)
        return String(decoding: try MustacheTemplate(source).render(value, partials: compiled), as: UTF8.self)
    }

    @Test func variablesAreEscapedForXHTMLUnlessTripleOrAmpersand() throws {
        #expect(try render("{{title}}|{{{title}}}|{{& title}}|{{ title }}", Page())
            == "A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39;|A & B <c> \"d\" 'e'|A & B <c> \"d\" 'e'|A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39;")
    }

    @Test func forbiddenCharactersAreDroppedAndOthersKept() throws {
        var page = Page()
        page.title = "a\u{1}b\u{FFFE}c\u{FFFF}d\u{FFFD}e\t\u{10000}f\u{7F}"
        #expect(try render("{{title}}", page) == "abcd\u{FFFD}e\t\u{10000}f\u{7F}")
        #expect(XHTMLText.escape(page.title) == "abcd\u{FFFD}e\t\u{10000}f\u{7F}")
    }

    @Test func flagsAndMissingNames() throws {
        #expect(try render("[{{flag}}][{{off}}][{{missing}}][{{unit}}]", Page()) == "[true][false][][]")
    }

    @Test func sectionsIterateListsPushObjectsAndTestFlags() throws {
        var page = Page()
        page.rows = [Row(day: "Mon", cells: [Cell(value: "1"), Cell(value: "2", unit: " s")]), Row(day: "Tue", cells: [])]
        page.names = ["x", "y"]
        let out = try render("{{#rows}}{{day}}:{{#cells}}{{value}}{{#unit}}({{.}}){{/unit}},{{/cells}};{{/rows}}"
            + "{{#names}}<{{.}}>{{/names}}{{#flag}}F{{/flag}}{{#off}}X{{/off}}{{#nested}}{{inner}}{{/nested}}", page)
        #expect(out == "Mon:1,2( s),;Tue:;<x><y>Fdeep")
    }

    @Test func invertedSectionsShowForMissingFalseAndEmpty() throws {
        let out = try render("{{^missing}}a{{/missing}}{{^off}}b{{/off}}{{^rows}}c{{/rows}}{{^flag}}X{{/flag}}{{^nested}}Y{{/nested}}", Page())
        #expect(out == "abc")
    }

    @Test func namesAreLookedUpOutwardsAndDottedNamesInside() throws {
        var page = Page()
        page.rows = [Row(day: "Mon", cells: [Cell(value: "1")])]
        // `title` is not in a cell or row: found on the page. Inside `nested`, its own wins.
        #expect(try render("{{#rows}}{{#cells}}{{title}}{{/cells}}{{/rows}}|{{#nested}}{{title}}{{/nested}}|{{nested.inner}}|{{nested.missing}}",
                           page) == "A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39;|nested title|deep|")
        // A dotted name whose later part is missing does not look further out.
        #expect(try render("{{#nested}}{{nested.flag}}{{/nested}}", page) == "")
    }

    @Test func standaloneTagsTakeTheirLine() throws {
        var page = Page()
        page.names = ["x"]
        let source = "begin\n  {{#names}}\n{{.}}\n  {{/names}}  \n{{! a comment }}\n{{^off}}\r\nyes\n{{/off}}\nend {{#flag}}inline{{/flag}}\n"
        #expect(try render(source, page) == "begin\nx\nyes\nend inline\n")
    }

    @Test func partialsRenderInTheCallersContextIndentedWhenStandalone() throws {
        let partials = ["item": "<{{title}}>\n<{{inner}}>\n"]
        #expect(try render("{{#nested}}{{> item}}{{/nested}}", Page(), partials: partials) == "<nested title>\n<deep>\n")
        #expect(try render("list:\n  {{> item}}\nend", Page(), partials: partials)
            == "list:\n  <A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39;>\n  <>\nend")
    }

    @Test func delimitersCanBeChanged() throws {
        #expect(try render("{{=<% %>=}}<% nested.inner %> {{title}} <%={{ }}=%>{{flag}}", Page()) == "deep {{title}} true")
    }

    @Test(arguments: [
        ("a\n{{#open}} never closed", 2, "{{#open}} is never closed"),
        ("{{#a}}\n{{/b}}", 2, "{{/b}} closes {{#a}} of line 1"),
        ("x\ny\n{{/a}}", 3, "{{/a}} closes no section"),
        ("{{title", 1, "a tag is not closed (no }})"),
        ("{{{title}}", 1, "a tag is not closed (no }}})"),
        ("{{ }}", 1, "a tag has no name"),
        ("{{a..b}}", 1, "\"a..b\" is not a name"),
        ("{{=<%>=}}", 1, "a delimiter tag needs two delimiters, such as {{=<% %>=}}"),
        ("\n{{ uppercased(name) }}", 2, "\"uppercased(name)\" is not a name (transforms such as f(x) are not supported)"),
        ("{{% CONTENT_TYPE: HTML}}", 1, "{{%…}} tags (inheritance, pragmas, dynamic names) are not supported"),
        ("{{<parent}}{{/parent}}", 1, "{{<…}} tags (inheritance, pragmas, dynamic names) are not supported"),
    ])
    func syntaxErrorsNameTheLine(source: String, line: Int, message: String) {
        #expect(throws: MustacheSyntaxError(line: line, message: message)) { try MustacheTemplate(source) }
    }

    @Test func aPartialThatNoTemplateIsFailsWhenCompiling() throws {
        var templates = TemplateSet.bundled.templates
        templates["target"] = "{{> nowhere}}"
        let set = TemplateSet(templates: templates, assets: [:], origins: ["target": "mine/target.mustache"])
        #expect(throws: RenderError.missingPartial(origin: "mine/target.mustache", partial: "nowhere")) { try PageRenderer(templates: set) }
    }

    struct TreeNode: TemplateModel { var name: String; var children: [TreeNode] = [] }

    @Test func aPartialMayIncludeItselfWhileASectionEndsIt() throws {
        let tree = TreeNode(name: "a", children: [TreeNode(name: "b", children: [TreeNode(name: "c")]), TreeNode(name: "d")])
        #expect(try render("{{> node}}", tree, partials: ["node": "{{name}}({{#children}}{{> node}}{{/children}})"]) == "a(b(c())d())")
    }

    @Test func aPartialThatIncludesItselfWithoutEndFailsWithTheTemplateNamed() throws {
        var templates = TemplateSet.bundled.templates
        templates["target"] = "<p>{{> loop}}</p>"
        templates["loop"] = "x{{> loop}}"
        let set = TemplateSet(templates: templates, assets: [:], origins: ["target": "mine/target.mustache"])
        let renderer = try PageRenderer(templates: set)
        #expect(throws: RenderError.partialsTooDeep(template: "mine/target.mustache", partial: "loop")) {
            try renderer.render("target", PageView())
        }
        #expect(RenderError.partialsTooDeep(template: "mine/target.mustache", partial: "loop").description
            == "template mine/target.mustache includes partials more than 64 levels deep, down to {{> loop}}: does a partial include itself without a section that ends?")
    }

    @Test func modelsEncodeWithoutNilsAndWithDerivedKeys() throws {
        var page = PageView()
        page.sections.outcomes = [OutcomeView(outcome: "Success", attempts: "1", finalRequests: "1", share: "100%")]
        page.notes = ["n"]
        let value = try TemplateValue(encoding: page)
        // The sections' names are the page's own; nil optionals are absent; derived keys are there.
        #expect(value.member("hasOutcomes").map { if case .bool(true) = $0 { true } else { false } } == true)
        #expect(value.member("hasNotes").map { if case .bool(true) = $0 { true } else { false } } == true)
        #expect(value.member("sections") == nil)
        #expect(value.member("targetName") == nil)
        #expect(value.member("hasTargets") == nil)
        #expect(value.member("completeness")?.member("incomplete").map { if case .bool(false) = $0 { true } else { false } } == true)
    }

    /// The same value, field by field and in order.
    static func same(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
        switch (a, b) {
        case (.text(let x), .text(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.fields.count == y.fields.count && zip(x.fields, y.fields).allSatisfy { $0.name == $1.name && same($0.value, $1.value) }
        default: return false
        }
    }

    @Test func heatRowsMakeTheValueTheirEncodingMakes() throws {
        let rows = [
            HeatRowView(day: "Monday", cells: [HeatCellView(value: ""), HeatCellView(value: "2", unit: " attempts"), HeatCellView(value: "")]),
            HeatRowView(day: "Tuesday", cells: [HeatCellView(value: "1", unit: " attempt"), HeatCellView(value: "0")]),
            HeatRowView(day: "Sunday", cells: []),
        ]
        for row in rows {
            #expect(Self.same(row.templateValue, try TemplateValue(encodingThroughCodable: row)))
        }
        var heat = HeatView()
        heat.attemptRows = rows
        let direct = try TemplateValue(encoding: heat), encoded = try TemplateValue(encodingThroughCodable: heat)
        #expect(Self.same(direct, encoded))
        // A row not made by hand would differ: the check can fail.
        #expect(!Self.same(rows[0].templateValue, rows[1].templateValue))
        // The heat table renders the same either way, an empty cell looking up `unit` outwards.
        let template = try MustacheTemplate("{{#attemptRows}}<tr><th>{{day}}</th>{{#cells}}<td>{{value}}{{#unit}}<span>{{.}}</span>{{/unit}}</td>{{/cells}}</tr>{{/attemptRows}}")
        let a = try template.render(direct, partials: [:]), b = try template.render(encoded, partials: [:])
        #expect(a == b)
        #expect(String(decoding: a, as: UTF8.self).hasPrefix("<tr><th>Monday</th><td></td><td>2<span> attempts</span></td><td></td></tr>"))
    }
}
