using SkillScan.Pinning.Toml;

namespace SkillScan.Tests.Pinning;

public sealed class TomlReaderTests
{
    private static string Slice(string text, SkillScan.Model.TextSpan span) => text[span.Start..span.End];

    [Fact]
    public void ReadsAPyprojectWithPositions()
    {
        const string text = """
            [build-system]
            requires = ["hatchling>=1.18"]   # backend
            build-backend = "hatchling.build"

            [project]
            name = "demo"
            dependencies = [
              "requests>=2.31",
              'rich==13.7.1',
            ]

            [project.optional-dependencies]
            dev = ["pytest"]

            [tool.poetry.dependencies]
            python = "^3.10"
            httpx = { version = "^0.27", extras = ["http2"] }
            """;
        var root = TomlReader.Parse(text);
        var deps = root.Path("project")!.Array("dependencies")!;
        Assert.Equal(2, deps.Items.Count);
        var requests = (TomlString)deps.Items[0];
        Assert.Equal("requests>=2.31", requests.Value);
        Assert.Equal("\"requests>=2.31\"", Slice(text, requests.Span));
        Assert.Equal(">=2.31", Slice(text, requests.ValueSpan(8, 14)));
        Assert.Equal("rich==13.7.1", ((TomlString)deps.Items[1]).Value);
        Assert.Equal("pytest", ((TomlString)root.Path("project.optional-dependencies")!.Array("dev")!.Items[0]).Value);
        var httpx = root.Path("tool.poetry.dependencies")!.Table("httpx")!;
        Assert.Equal("^0.27", httpx.String("version")!.Value);
        var (key, keySpan, _) = root.Path("tool.poetry.dependencies")!.Entries[1];
        Assert.Equal("httpx", key);
        Assert.Equal("httpx", Slice(text, keySpan));
        Assert.Equal("hatchling.build", root.Path("build-system")!.String("build-backend")!.Value);
    }

    [Fact]
    public void ReadsEveryStringForm()
    {
        const string text = "a = \"tab\\there \\u00e9 \\U0001F600\"\n" +
                            "b = 'C:\\path\\no-escapes'\n" +
                            "c = \"\"\"\nline one\n  line \\\n    two\"\"\"\n" +
                            "d = '''\nraw ''quoted'' text'''\n" +
                            "e = \"\"\"five quotes\"\"\"\"\"\n" +
                            "\"quoted key\" = 1\n" +
                            "'literal.key' = 2\n";
        var root = TomlReader.Parse(text);
        Assert.Equal("tab\there é 😀", root.String("a")!.Value);
        Assert.False(root.String("a")!.Verbatim);
        Assert.Equal("C:\\path\\no-escapes", root.String("b")!.Value);
        Assert.True(root.String("b")!.Verbatim);
        Assert.Equal("line one\n  line two", root.String("c")!.Value);
        Assert.Equal("raw ''quoted'' text", root.String("d")!.Value);
        Assert.Equal("five quotes\"\"", root.String("e")!.Value);
        Assert.True(root.Contains("quoted key"));
        Assert.True(root.Contains("literal.key"));
    }

    [Fact]
    public void InexactStringsReportTheirWholeSpan()
    {
        const string text = "x = \"a\\tb>=1\"";
        var s = TomlReader.Parse(text).String("x")!;
        Assert.Equal(s.Span, s.ValueSpan(3, 6));
    }

    [Fact]
    public void ReadsScalarsArraysOfTablesAndDottedKeys()
    {
        const string text = """
            int = +1_000
            hex = 0xDEAD_beef
            oct = 0o755
            bin = 0b1010
            flt = -3.5e+2
            inf = -inf
            yes = true
            odt = 1979-05-27T07:32:00Z
            ldt = 1979-05-27 07:32:00.999
            ld = 1979-05-27
            lt = 07:32:00
            site."google.com" = true
            nested = [[1, 2], ["a", { x = 1 }]]

            [[package]]
            name = "a"
            version = "1.0"

            [[package]]
            name = "b"

            [package.source]
            registry = "https://pypi.org/simple"
            """;
        var root = TomlReader.Parse(text);
        Assert.Equal(TomlScalarKind.Integer, ((TomlScalar)root["int"]!).Kind);
        Assert.Equal(TomlScalarKind.Integer, ((TomlScalar)root["hex"]!).Kind);
        Assert.Equal(TomlScalarKind.Float, ((TomlScalar)root["flt"]!).Kind);
        Assert.Equal(TomlScalarKind.Float, ((TomlScalar)root["inf"]!).Kind);
        Assert.Equal(TomlScalarKind.Boolean, ((TomlScalar)root["yes"]!).Kind);
        Assert.Equal("1979-05-27 07:32:00.999", ((TomlScalar)root["ldt"]!).Raw);
        Assert.Equal(TomlScalarKind.DateTime, ((TomlScalar)root["lt"]!).Kind);
        Assert.True(root.Table("site")!.Contains("google.com"));
        var packages = root.Array("package")!;
        Assert.True(packages.OfTables);
        Assert.Equal(2, packages.Items.Count);
        var b = (TomlTable)packages.Items[1];
        Assert.Equal("b", b.String("name")!.Value);
        Assert.Equal("https://pypi.org/simple", b.Path("source")!.String("registry")!.Value);
        Assert.Null(((TomlTable)packages.Items[0]).Table("source"));
    }

    [Theory]
    [InlineData("a = 1\na = 2", "defined more than once")]
    [InlineData("[t]\n[t]", "defined more than once")]
    [InlineData("a = 1\n[a]", "defined more than once")]
    [InlineData("a = { b = 1 }\n[a.c]", "cannot be extended")]
    [InlineData("a.b = 1\n[a]", "defined more than once")]
    [InlineData("a = \"unterminated", "unterminated")]
    [InlineData("a = \"new\nline\"", "newline")]
    [InlineData("a = bare", "not a valid TOML value")]
    [InlineData("a = 1 b = 2", "after a value")]
    [InlineData("a = [1, 2", "expected ',' or ']'")]
    [InlineData("a = \"\\q\"", "invalid escape")]
    [InlineData("a = \"\\uD800\"", "invalid unicode escape")]
    [InlineData("[a", "expected ']'")]
    [InlineData("= 1", "expected a key")]
    [InlineData("a = 01", "not a valid TOML value")]
    public void RejectsInvalidDocumentsWithAReason(string text, string reason)
    {
        var ex = Assert.Throws<TomlException>(() => TomlReader.Parse(text));
        Assert.Contains(reason, ex.Message);
        Assert.InRange(ex.Offset, 0, text.Length);
    }

    [Fact]
    public void ImplicitTablesMayBeDefinedLater()
    {
        var root = TomlReader.Parse("[a.b.c]\nx = 1\n[a]\ny = 2\n");
        Assert.Equal("2", ((TomlScalar)root.Table("a")!["y"]!).Raw);
    }

    [Fact]
    public void DeepNestingIsRefusedWithoutOverflowingTheStack()
    {
        var text = "a = " + new string('[', 100_000) + new string(']', 100_000);
        var ex = Assert.Throws<TomlException>(() => TomlReader.Parse(text));
        Assert.Contains("nested deeper", ex.Message);
    }

    [Fact]
    public void LargeDocumentsParseInLinearTime()
    {
        static string Doc(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"[[package]]\nname = \"p{i}\"\nversion = \"1.{i}\"\n"));
        Assert.Equal(20_000, TomlReader.Parse(Doc(20_000)).Array("package")!.Items.Count);
        Scaling.AssertLinear(2_000, n => TomlReader.Parse(Doc(n)));
    }
}
