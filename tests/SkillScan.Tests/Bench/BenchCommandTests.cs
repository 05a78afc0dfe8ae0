using System.CommandLine;
using System.Text.Json;
using SkillScan.Bench;
using SkillScan.Cli;

namespace SkillScan.Tests.Bench;

public sealed class BenchCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("skillscan-benchcli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Corpus => Path.Combine(_root, "corpus");

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    // Plain prose: whatever rules the built-in packs hold, none of them blocks these.
    private void WriteSkill(string name, string label, string verdict)
    {
        Write($"corpus/{label}/{name}/SKILL.md", $"---\nname: {name}\ndescription: Formats a shopping list.\n---\n\n# {name}\n\nSort the items of the list alphabetically.\n");
        Write($"corpus/{label}/{name}/expected.yaml", $"label: {label}\nverdict: {verdict}\ntechnique: plain prose\nsurface: skillmd\n");
    }

    private static int Run(params string[] args)
    {
        var root = new RootCommand("test");
        foreach (var command in CliCommands.All()) root.Subcommands.Add(command.Build());
        return CliCommands.Invoke(root, args);
    }

    [Fact]
    public void AccuracyExitsZeroWhenTheGateHoldsAndWritesJson()
    {
        WriteSkill("shopping-list", "benign", "pass");
        var output = Path.Combine(_root, "accuracy.json");

        var exit = Run("bench", "accuracy", "--corpus", Corpus, "--format", "json", "--output", output);

        Assert.Equal(ExitCodes.Ok, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(0, json.RootElement.GetProperty("malicious").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("benign").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("recallAtBlock").ValueKind);
        Assert.Equal(0.0, json.RootElement.GetProperty("fprAtBlock").GetDouble());
        Assert.True(json.RootElement.GetProperty("gatePasses").GetBoolean());
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("rules").ValueKind);
    }

    [Fact]
    public void AccuracyExitsOneWhenAMaliciousSkillIsNotBlocked()
    {
        WriteSkill("shopping-list", "benign", "pass");
        WriteSkill("disguised", "malicious", "block");
        var output = Path.Combine(_root, "accuracy.json");

        var exit = Run("bench", "accuracy", "--corpus", Corpus, "--format", "json", "--output", output);

        Assert.Equal(ExitCodes.Findings, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(0.0, json.RootElement.GetProperty("recallAtBlock").GetDouble());
        Assert.Equal("malicious/disguised", json.RootElement.GetProperty("unblockedMalicious")[0].GetProperty("skill").GetString());
    }

    [Fact]
    public void AllWritesBothSectionsAndSpeedThenUpdatesOnlyItsOwn()
    {
        WriteSkill("shopping-list", "benign", "pass");
        var doc = Path.Combine(_root, "benchmarks.md");

        Assert.Equal(ExitCodes.Ok, Run("bench", "all", "--corpus", Corpus, "--output", doc, "--iterations", "1", "--threads", "1"));
        var first = BenchDocument.Sections(File.ReadAllText(doc));
        Assert.Equal(["accuracy", "speed"], first.Keys.Order());
        Assert.Contains("recall at block", first["accuracy"]);
        Assert.Contains("skills per second", first["speed"]);
        Assert.Contains($"--corpus {Corpus} --iterations 1 --threads 1", first["speed"]);

        File.WriteAllText(doc, File.ReadAllText(doc).Replace("recall at block", "MARKER-KEPT"));
        Assert.Equal(ExitCodes.Ok, Run("bench", "speed", "--corpus", Corpus, "--output", doc, "--iterations", "1"));
        var second = BenchDocument.Sections(File.ReadAllText(doc));
        Assert.Contains("MARKER-KEPT", second["accuracy"]);
        Assert.Contains($"skillscan bench speed --corpus {Corpus}", second["speed"]);
    }

    [Fact]
    public void BadInputsAreUsageErrors()
    {
        WriteSkill("shopping-list", "benign", "pass");
        Write("labels-broken/x/expected.yaml", "label: benign\nverdict: block\ntechnique: t\n");
        Write("empty/readme.txt", "nothing");

        Assert.Equal(ExitCodes.UsageError, Run("bench", "accuracy", "--corpus", Path.Combine(_root, "missing")));
        Assert.Equal(ExitCodes.UsageError, Run("bench", "accuracy", "--corpus", Path.Combine(_root, "empty")));
        Assert.Equal(ExitCodes.UsageError, Run("bench", "accuracy", "--corpus", Path.Combine(_root, "labels-broken")));
        Assert.Equal(ExitCodes.UsageError, Run("bench", "accuracy", "--corpus", Corpus, "--format", "html"));
        Assert.Equal(ExitCodes.UsageError, Run("bench", "speed", "--corpus", Corpus, "--iterations", "0"));
        Assert.Equal(ExitCodes.UsageError, Run("bench", "accuracy"));
    }
}
