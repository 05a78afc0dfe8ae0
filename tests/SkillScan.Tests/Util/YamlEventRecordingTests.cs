using SkillScan.Semantics;
using SkillScan.Util;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Tests.Util;

/// <summary>
/// The built-in rule packs and catalogs are loaded from the parser events the build recorded: the replay must be the
/// parse, event for event and position for position, or a rule would change or an error would point at the wrong line.
/// </summary>
public sealed class YamlEventRecordingTests
{
    public static TheoryData<string> BuiltinYamlFiles()
    {
        var data = new TheoryData<string>();
        foreach (var name in EmbeddedRules.Names("rules/")) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(BuiltinYamlFiles))]
    public void EveryBuiltinFileHasARecordingThatReplaysItsParseExactly(string name)
    {
        var text = EmbeddedRules.Read(name)!;
        var replay = EmbeddedRules.RecordedEvents(name, text);
        Assert.True(replay is not null, $"{name}: the build embedded no recording, or one made from other text");
        Assert.Equal(Describe(new Parser(new StringReader(text))), Describe(replay));
    }

    [Fact]
    public void ReplayedNodesCarryTheParsedPositions()
    {
        const string text = "pack: demo\nrules:\n  - id: SS0001\n    tags: [a, \"b\"]\n    help: |\n      two\n      lines\n";
        var recording = YamlEventRecording.Record(text);
        var parsed = Load(new Parser(new StringReader(text)));
        var replayed = Load(YamlEventRecording.Replay(recording, text)!);
        Assert.Equal(Nodes(parsed), Nodes(replayed));
        Assert.Contains("Scalar 'b' DoubleQuoted 4:15-4:18", Nodes(replayed));
    }

    [Fact]
    public void ARecordingIsNotReplayedForOtherText()
    {
        var recording = YamlEventRecording.Record("a: 1\n");
        Assert.Null(YamlEventRecording.Replay(recording, "a: 2\n"));
        Assert.NotNull(YamlEventRecording.Replay(recording, "a: 1\n"));
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n", "anchors and aliases")]
    [InlineData("a: !custom 1\n", "tags")]
    [InlineData("%YAML 1.1\n---\na: 1\n", "directives")]
    public void RecordingRefusesWhatItWouldNotReplay(string text, string what)
    {
        var ex = Assert.Throws<NotSupportedException>(() => YamlEventRecording.Record(text));
        Assert.Contains(what, ex.Message);
    }

    [Fact]
    public void RecordingInvalidYamlFailsWithItsPosition()
    {
        var ex = Assert.Throws<SemanticErrorException>(() => YamlEventRecording.Record("a: 1\n  b: 2\n"));
        Assert.Equal(2, ex.Start.Line);
    }

    [Fact]
    public void ACorruptRecordingIsNotReplayed()
    {
        var recording = YamlEventRecording.Record("a: 1\n");
        recording[0] ^= 0xFF;
        Assert.Null(YamlEventRecording.Replay(recording, "a: 1\n"));
        Assert.Null(YamlEventRecording.Replay([], "a: 1\n"));
    }

    private static List<string> Describe(IParser parser)
    {
        var events = new List<string>();
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            var detail = e switch
            {
                Scalar s => $"'{s.Value}' {s.Style} {s.IsPlainImplicit} {s.IsQuotedImplicit} {s.IsKey}",
                MappingStart m => $"{m.Style} {m.IsImplicit}",
                SequenceStart q => $"{q.Style} {q.IsImplicit}",
                DocumentStart d => $"{d.IsImplicit} {d.Version}",
                DocumentEnd d => $"{d.IsImplicit}",
                _ => "",
            };
            events.Add($"{e.GetType().Name} {detail} {e.Start.Index}/{e.Start.Line}:{e.Start.Column}-{e.End.Index}/{e.End.Line}:{e.End.Column}");
        }
        return events;
    }

    private static YamlNode Load(IParser parser)
    {
        var stream = new YamlStream();
        stream.Load(parser);
        return stream.Documents[0].RootNode;
    }

    private static List<string> Nodes(YamlNode root) =>
        root.AllNodes.Select(n => n switch
        {
            YamlScalarNode s => $"Scalar '{s.Value}' {s.Style} {At(n)}",
            _ => $"{n.NodeType} {At(n)}",
        }).ToList();

    private static string At(YamlNode n) => $"{n.Start.Line}:{n.Start.Column}-{n.End.Line}:{n.End.Column}";
}
