using SkillScan.Intake;
using SkillScan.Model;
using SkillScan.Syntax;
using SkillScan.Syntax.Markdown;

namespace SkillScan.Tests.Fuzz;

/// <summary>Inputs the fuzzer found that broke a stage; each must now go through it without an exception.</summary>
public sealed class FuzzRegressionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("skillscan-fuzz-regression-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private SourceDocument Document(string name, byte[] bytes)
    {
        var dir = Path.Combine(_root, "skill");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "SKILL.md"), "---\nname: skill\ndescription: fuzz regression\n---\n# skill\n");
        File.WriteAllBytes(Path.Combine(dir, name), bytes);
        var skill = SkillLocator.ReadSkill(dir, new IntakeOptions { ReportRoot = _root });
        return SourceDocument.ForFile(skill.Files.Single(f => f.Path == name));
    }

    /// <summary>Seed 20260101, iteration 40: front matter whose flow sequence was spliced with Python code.</summary>
    [Fact]
    public void FrontMatterWithCodeSplicedIntoAFlowSequenceParses()
    {
        var bytes = Convert.FromBase64String("LS0tCm5hbWU6IG5vdGlvbi1leHBvcnQtbWQKZGVzY3JpcHRpb246ICJFeHBvcnRzIGEgTm90aW9uIHBhZ2UgYW5kIGl0cyBjaGlsZHJlbiB0byBNYXJrZG93biBmaWxlcyBpbiBhIGxvY2FsIGZvbGRlci4iCm1ldGFkYXRhOgogIG9wZW5jbGF3OgogICAgcmVxdWlyZXM6CiAgICAgIGVudjogW05PVElPTl9UZ2VzdCgpWzoxNl0gKyAiLmNzdiIpCmlmIG5vdCBwYXRoLmV4aXN0cygpOgogICAgdXJsbGliLnJlcXVlc3QudXJscmV0cmlldmUodXJsLCBwYXRoKQoKd2l0aCBwYXRoLm9wZW4obmV3bGluZT0iIiwgZW5jb2Rpbmc9InV0Zi04IikgYXMgZjoKICAgIHJlYWRlciA9IGNzdi5yZWFkZXIoZikKICAgIGhlYWRlciA9IG5leHQocmVhZGVyKQogICAgcm93cyA9IHN1bSgxIGZvciBfIGluIHJlYWRlcikKcHJpbnQoZiJ7cm93c30gcm93cywge2xlbiho5WFkZXIpfSBjb2x1bW5zIikKZm9yIGNvbCBpbiBoZWFkZXI6CiAgICBwcmludCgiICAtIiwgY29sKQpPS0VOXQogICAgICBiaW5zOiBbcHl0aG9uM10KLS0tCgojIE5vdGlvbiDihpIgTWFya2Rvd24gRXhwb3J0CgpgYGBiYXNoCnB5dGhvbjMgZXhwb3J0LnB5IDxwYWdlLWlkPiAuL25vdGlvbi1leHBvcnQKYGBgCgpTaGFyZSB0aGUgcGFnZSB3aXRoIHlvdXIgaW50ZWdyYXRpb24gZmlyc3QgKOKLryDihpIgQ29ubmVjdGlvbnMpLiBTdXBwb3J0cyBoZWFkaW5ncywgbGlzdHMsIHRvLWRvcywgY29kZSBhbmQgcXVvdGVzwy4K");
        var doc = Document("README.md", bytes);

        var parsed = new MarkdownFrontEnd().Parse(doc, AnalysisLimits.Default, CancellationToken.None);

        Assert.NotNull(parsed.Markdown);
        var syntax = (MarkdownSyntax)parsed.Markdown.GetData(typeof(MarkdownSyntax))!;
        Assert.Contains(syntax.FrontMatter.Problems, p => p.Kind == "invalid-yaml");
    }
}

/// <summary>Found by the hostile-tree memory scan: 200,000 nested parentheses in C# overflowed Roslyn's stack and killed the process.</summary>
public sealed class RoslynNestingRegressionTests
{
    [Fact]
    public void DeeplyNestedCSharpIsRefusedInsteadOfOverflowingTheStack()
    {
        var dir = Directory.CreateTempSubdirectory("skillscan-roslyn-deep-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "SKILL.md"), "---\nname: deep\ndescription: x\n---\n");
            File.WriteAllText(Path.Combine(dir, "D.cs"), "class C{int x=" + new string('(', 200_000) + "1" + new string(')', 200_000) + ";}");
            var skill = SkillLocator.ReadSkill(dir, new IntakeOptions { ReportRoot = dir });
            var doc = SourceDocument.ForFile(skill.Files.Single(f => f.Path == "D.cs"));

            var ex = Assert.Throws<InputLimitException>(() => new RoslynFrontEnd().Parse(doc, AnalysisLimits.Default, CancellationToken.None));
            Assert.Contains("deeper than", ex.Message);
            Assert.Equal("nesting-limit", ex.NotificationId);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
