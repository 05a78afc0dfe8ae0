using System.Text;
using SkillScan.Model;
using SkillScan.Semantics;
using SkillScan.Semantics.CSharp;
using SkillScan.Syntax;

namespace SkillScan.Tests.Semantics;

/// <summary>
/// Folded text is bounded per document (<see cref="FoldBudget"/>): a few lines that double a string and many lines
/// that use it made every use a fresh half-megabyte copy (a 290 KB script: 15.8 GB; the same in C#: 17.5 GB).
/// </summary>
public sealed class FoldBudgetTests
{
    private const int Uses = 1_000;

    /// <summary>Characters all calls' folded inputs may hold: the budget, plus what is always free.</summary>
    private static long Bound(string source, int calls) => FoldBudget.Base + 4L * source.Length + (long)calls * (FoldBudget.Free + 8);

    private static long Folded(DocumentFacts facts) => facts.Calls.SelectMany(c => c.Inputs).Sum(v => (long)(v.Constant?.Length ?? 0));

    [Fact]
    public void ShellCopiesOfADoubledStringAreBounded()
    {
        var script = new StringBuilder("a=AAAAAAAAAAAAAAAA\n");
        for (var i = 0; i < 13; i++) script.Append("a=\"$a$a\"\n"); // 128 Ki characters
        for (var i = 0; i < Uses; i++) script.Append($"echo \"$a\"{i}\n");
        var code = script.ToString();

        var run = ShellRun.Of(code);

        Assert.Equal(Uses, run.All("echo").Count());
        Assert.Equal(131_072 + 1, run.All("echo").First().Args.Single().Constant!.Length); // folded while the budget lasts
        Assert.InRange(Folded(run.Facts), 0, Bound(code, run.Calls.Count));
    }

    [Fact]
    public void CSharpCopiesOfADoubledStringAreBounded()
    {
        var source = new StringBuilder("class C { void F(string s) {} void M() { var a = \"AAAAAAAAAAAAAAAA\";\n");
        for (var i = 0; i < 13; i++) source.Append("a = a + a;\n");
        for (var i = 0; i < Uses; i++) source.Append($"F(a + \"{i}\");\n");
        var code = source.Append("} }\n").ToString();

        var file = new SkillFile("x.cs", "skill/x.cs", Encoding.UTF8.GetBytes(code), Language.CSharp);
        var document = SourceDocument.ForFile(file);
        var parsed = new RoslynFrontEnd().Parse(document, AnalysisLimits.Default, CancellationToken.None);
        var facts = new CSharpFactExtractor().Extract(parsed, new FactContext(AnalysisLimits.Default, _ => { }, _ => { }, CancellationToken.None));

        Assert.Contains(facts.Calls, c => c.Args.Any(a => a.Constant?.Length == 131_072 + 1));
        Assert.InRange(Folded(facts), 0, Bound(code, facts.Calls.Count));
    }

    [Theory]
    [InlineData("js")]
    [InlineData("py")]
    public void JavaScriptAndPythonCopiesOfALongStringAreBounded(string language)
    {
        // Under 1 KiB each, which the old budget always allowed: 20,000 uses held 20 M characters.
        const int uses = 20_000;
        var source = new StringBuilder(language == "js" ? "let a = 'A'.repeat(1000);\n" : "a = 'A' * 1000\n");
        for (var i = 0; i < uses; i++) source.Append(language == "js" ? $"f(a + '{i}');\n" : $"f(a + '{i}')\n");
        var code = source.ToString();

        var lowered = language == "js" ? Lowered.Js(code) : Lowered.Py(code);

        Assert.Equal(uses, lowered.Calls("f").Count());
        Assert.Equal(1001, lowered.Calls("f").First().Args.Single().Constant!.Length);
        Assert.InRange(Folded(lowered.Facts), 0, Bound(code, lowered.Facts.Calls.Count));
    }
}
