using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using TagDirective = YamlDotNet.Core.Tokens.TagDirective;

namespace SkillScan.Util;

/// <summary>
/// A YAML file's parser events with their positions, recorded at build time and replayed at start-up. YamlDotNet's
/// scanner was the largest part of the gate's start (docs/performance.md): replaying the events builds the same
/// nodes, at the same lines and columns, without scanning. The build records the built-in rule packs and catalogs
/// (src/SkillScan.YamlEvents); a test checks the replay equals the parse for each of them.
/// </summary>
/// <remarks>
/// A recording names the SHA-256 of the text it was made from and is replayed only for that text, so a stale one
/// costs a parse, never a wrong rule. Data files refuse anchors and aliases, and these files use no tags or
/// directives: recording such a file fails instead of dropping them.
/// </remarks>
public static class YamlEventRecording
{
    private static ReadOnlySpan<byte> Magic => "SSYE"u8;
    private const byte FormatVersion = 1;
    private const int HashLength = 32;

    private enum Kind : byte
    {
        StreamStart = 1,
        StreamEnd,
        DocumentStart,
        DocumentEnd,
        MappingStart,
        MappingEnd,
        SequenceStart,
        SequenceEnd,
        Scalar,
    }

    /// <summary>Parses <paramref name="text"/> and records its events.</summary>
    /// <exception cref="YamlException">The text is not valid YAML.</exception>
    /// <exception cref="NotSupportedException">The text uses anchors, aliases, tags or directives.</exception>
    public static byte[] Record(string text)
    {
        using var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(Hash(text));
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                Write(w, parser.Current!);
            }
        }
        return bytes.ToArray();
    }

    /// <summary>A parser that replays <paramref name="recording"/>, or null when it was not made from <paramref name="text"/>.</summary>
    public static IParser? Replay(byte[] recording, string text)
    {
        var header = Magic.Length + 1;
        if (recording.Length < header + HashLength
            || !recording.AsSpan(0, Magic.Length).SequenceEqual(Magic)
            || recording[Magic.Length] != FormatVersion
            || !recording.AsSpan(header, HashLength).SequenceEqual(Hash(text)))
        {
            return null;
        }
        return new ReplayParser(recording, header + HashLength);
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static void Write(BinaryWriter w, ParsingEvent e)
    {
        switch (e)
        {
            case StreamStart:
                Head(w, Kind.StreamStart, e);
                break;
            case StreamEnd:
                Head(w, Kind.StreamEnd, e);
                break;
            case DocumentStart d:
                // The parser lists its two default tag handles on every document; anything more came from a directive.
                if (d.Version is not null || d.Tags?.Any(t => !IsDefault(t)) == true) throw Unsupported(e, "directives");
                Head(w, Kind.DocumentStart, e);
                w.Write(d.IsImplicit);
                break;
            case DocumentEnd d:
                Head(w, Kind.DocumentEnd, e);
                w.Write(d.IsImplicit);
                break;
            case MappingStart m:
                Collection(w, Kind.MappingStart, m, m.IsImplicit, (byte)m.Style);
                break;
            case SequenceStart q:
                Collection(w, Kind.SequenceStart, q, q.IsImplicit, (byte)q.Style);
                break;
            case MappingEnd:
                Head(w, Kind.MappingEnd, e);
                break;
            case SequenceEnd:
                Head(w, Kind.SequenceEnd, e);
                break;
            case Scalar s:
                Plain(s);
                Head(w, Kind.Scalar, e);
                w.Write(s.Value);
                w.Write((byte)s.Style);
                w.Write(s.IsPlainImplicit);
                w.Write(s.IsQuotedImplicit);
                w.Write(s.IsKey);
                break;
            default:
                throw Unsupported(e, "anchors and aliases");
        }
    }

    private static bool IsDefault(TagDirective tag) =>
        (tag.Handle, tag.Prefix) is ("!", "!") or ("!!", "tag:yaml.org,2002:");

    private static void Collection(BinaryWriter w, Kind kind, NodeEvent e, bool isImplicit, byte style)
    {
        Plain(e);
        Head(w, kind, e);
        w.Write(isImplicit);
        w.Write(style);
    }

    private static void Plain(NodeEvent e)
    {
        if (!e.Anchor.IsEmpty) throw Unsupported(e, "anchors and aliases");
        if (!e.Tag.IsEmpty) throw Unsupported(e, "tags");
    }

    private static NotSupportedException Unsupported(ParsingEvent e, string what) =>
        new($"line {e.Start.Line}, column {e.Start.Column}: a recorded data file may not use {what}");

    private static void Head(BinaryWriter w, Kind kind, ParsingEvent e)
    {
        w.Write((byte)kind);
        WriteMark(w, e.Start);
        WriteMark(w, e.End);
    }

    private static void WriteMark(BinaryWriter w, Mark m)
    {
        w.Write7BitEncodedInt64(m.Index);
        w.Write7BitEncodedInt64(m.Line);
        w.Write7BitEncodedInt64(m.Column);
    }

    private sealed class ReplayParser : IParser
    {
        private readonly BinaryReader _reader;

        public ReplayParser(byte[] recording, int offset)
        {
            _reader = new BinaryReader(new MemoryStream(recording, offset, recording.Length - offset, writable: false), Encoding.UTF8);
        }

        public ParsingEvent? Current { get; private set; }

        public bool MoveNext()
        {
            if (_reader.BaseStream.Position >= _reader.BaseStream.Length)
            {
                Current = null;
                return false;
            }
            var kind = (Kind)_reader.ReadByte();
            var start = ReadMark();
            var end = ReadMark();
            Current = kind switch
            {
                Kind.StreamStart => new StreamStart(start, end),
                Kind.StreamEnd => new StreamEnd(start, end),
                Kind.DocumentStart => new DocumentStart(null, null, _reader.ReadBoolean(), start, end),
                Kind.DocumentEnd => new DocumentEnd(_reader.ReadBoolean(), start, end),
                Kind.MappingStart => new MappingStart(AnchorName.Empty, TagName.Empty, _reader.ReadBoolean(), (MappingStyle)_reader.ReadByte(), start, end),
                Kind.MappingEnd => new MappingEnd(start, end),
                Kind.SequenceStart => new SequenceStart(AnchorName.Empty, TagName.Empty, _reader.ReadBoolean(), (SequenceStyle)_reader.ReadByte(), start, end),
                Kind.SequenceEnd => new SequenceEnd(start, end),
                Kind.Scalar => ReadScalar(start, end),
                _ => throw new InvalidDataException($"unknown event kind {(byte)kind} in a YAML event recording"),
            };
            return true;
        }

        private Scalar ReadScalar(Mark start, Mark end)
        {
            var value = _reader.ReadString();
            var style = (ScalarStyle)_reader.ReadByte();
            var plainImplicit = _reader.ReadBoolean();
            var quotedImplicit = _reader.ReadBoolean();
            var isKey = _reader.ReadBoolean();
            return new Scalar(AnchorName.Empty, TagName.Empty, value, style, plainImplicit, quotedImplicit, start, end, isKey);
        }

        private Mark ReadMark() => new(_reader.Read7BitEncodedInt64(), _reader.Read7BitEncodedInt64(), _reader.Read7BitEncodedInt64());
    }
}
