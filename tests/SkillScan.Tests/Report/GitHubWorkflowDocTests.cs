using System.CommandLine;
using SkillScan.Cli;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Tests.Report;

/// <summary>The GitHub Actions workflow in docs/github.md is valid and does what the page says.</summary>
public sealed class GitHubWorkflowDocTests
{
    private static YamlMappingNode Workflow()
    {
        var doc = File.ReadAllText(TestRepo.PathOf("docs", "github.md"));
        const string fence = "```yaml\n# .github/workflows/skillscan.yml\n";
        var start = doc.IndexOf(fence, StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/github.md has the workflow block");
        start += "```yaml\n".Length;
        var yaml = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode? At(YamlNode node, params string[] path) =>
        path.Aggregate((YamlNode?)node, (n, key) => n is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null);

    private static string? Scalar(YamlNode node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    [Fact]
    public void WorkflowHasTriggersAndLeastPrivilegePermissions()
    {
        var wf = Workflow();
        Assert.Equal("read", Scalar(wf, "permissions", "contents"));
        var on = (YamlMappingNode)At(wf, "on")!;
        Assert.Contains(new YamlScalarNode("pull_request"), on.Children.Keys);
        var job = At(wf, "jobs", "skillscan")!;
        Assert.Equal("write", Scalar(job, "permissions", "security-events"));
        Assert.Equal("read", Scalar(job, "permissions", "contents"));
        Assert.Equal("ubuntu-latest", Scalar(job, "runs-on"));
    }

    [Fact]
    public void ScanStepIsAValidCommandLineAndUploadTakesItsFileAndCategory()
    {
        var steps = ((YamlSequenceNode)At(Workflow(), "jobs", "skillscan", "steps")!).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal("actions/checkout", Scalar(steps[0], "uses")!.Split('@')[0]);

        var scan = steps.Single(s => Scalar(s, "run")?.StartsWith("skillscan scan", StringComparison.Ordinal) == true);
        var args = Scalar(scan, "run")!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        var root = new RootCommand();
        foreach (var command in CliCommands.All()) root.Subcommands.Add(command.Build());
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        string Option(string name) => args[Array.IndexOf(args, name) + 1];
        Assert.Equal("sarif", Option("--format"));
        Assert.Contains("--exclude-suppressed", args);

        var upload = steps.Single(s => Scalar(s, "uses")?.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal) == true);
        Assert.Equal(Option("--output"), Scalar(upload, "with", "sarif_file"));
        Assert.Equal(Option("--category"), Scalar(upload, "with", "category"));
        Assert.StartsWith("always()", Scalar(upload, "if"));
        Assert.True(steps.IndexOf(upload) > steps.IndexOf(scan));
    }
}
