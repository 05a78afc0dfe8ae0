using SkillScan.Model;

namespace SkillScan.Syntax.Markdown;

public enum FrontMatterFormat
{
    /// <summary>The document has no front matter.</summary>
    None,

    /// <summary>`---` fenced YAML.</summary>
    Yaml,

    /// <summary>`---` fenced, but the content is a JSON object (valid YAML, unusual for skills).</summary>
    FencedJson,

    /// <summary>A bare JSON object at the top of the file, without fences (Hugo style).</summary>
    BareJson,

    /// <summary>`+++` fenced TOML (not what skill loaders read).</summary>
    Toml,

    /// <summary>An opening `---` that is never closed.</summary>
    Unterminated,
}

/// <summary>
/// The front matter block of a Markdown file, split off before Markdown parsing, and its YAML read by
/// <see cref="SafeYaml"/>. Spans are offsets in the Markdown document.
/// </summary>
public sealed class FrontMatter
{
    /// <summary>Front matter larger than this is not parsed (skill front matter is a few hundred bytes).</summary>
    public const int MaxChars = 64 * 1024;

    public static readonly FrontMatter Absent = new(FrontMatterFormat.None, default, default, null, []);

    private FrontMatter(FrontMatterFormat format, TextSpan blockSpan, TextSpan contentSpan, YamlValue? root, IReadOnlyList<YamlProblem> problems)
    {
        Format = format;
        BlockSpan = blockSpan;
        ContentSpan = contentSpan;
        Root = root;
        Problems = problems;
    }

    public FrontMatterFormat Format { get; }

    /// <summary>The whole block, fences included (empty when absent).</summary>
    public TextSpan BlockSpan { get; }

    /// <summary>The YAML/JSON text between the fences.</summary>
    public TextSpan ContentSpan { get; }

    public YamlValue? Root { get; }

    public YamlMappingValue? Map => Root as YamlMappingValue;

    /// <summary>Structural and YAML problems, in document order.</summary>
    public IReadOnlyList<YamlProblem> Problems { get; }

    public bool IsPresent => Format != FrontMatterFormat.None;

    /// <summary>Finds and parses the front matter at the top of a Markdown text. Never throws.</summary>
    public static FrontMatter Parse(string text)
    {
        var start = 0;
        while (start < text.Length && text[start] is ' ' or '\t' or '\r' or '\n') start++;
        if (start >= text.Length) return Absent;
        var problems = new List<YamlProblem>();
        var firstEnd = LineEnd(text, start);
        var first = text[start..firstEnd].TrimEnd();
        if (start > 0 && first is "---" or "+++")
        {
            problems.Add(new YamlProblem("front-matter-not-first-line",
                "Front matter does not start on the first line; some loaders will not see it as front matter.", TextSpan.FromBounds(start, firstEnd)));
        }

        if (first == "---" || first == "+++")
        {
            var fence = first;
            var contentStart = NextLine(text, firstEnd);
            var lineStart = contentStart;
            while (lineStart < text.Length)
            {
                var lineEnd = LineEnd(text, lineStart);
                var line = text[lineStart..lineEnd].TrimEnd();
                if (line == fence || (fence == "---" && line == "..."))
                {
                    var content = TextSpan.FromBounds(contentStart, lineStart);
                    var block = TextSpan.FromBounds(0, NextLine(text, lineEnd));
                    if (fence == "+++")
                    {
                        problems.Add(new YamlProblem("toml-front-matter",
                            "Front matter is TOML (+++); skill loaders read YAML, so its name, description and requirements are not seen.", TextSpan.FromBounds(start, firstEnd)));
                        return new FrontMatter(FrontMatterFormat.Toml, block, content, null, problems);
                    }
                    return ParseContent(text, block, content, problems, bare: false);
                }
                lineStart = NextLine(text, lineEnd);
            }
            problems.Add(new YamlProblem("unterminated",
                $"Front matter opened with '{fence}' is never closed; loaders may read the whole file as front matter or none of it.", TextSpan.FromBounds(start, firstEnd)));
            return new FrontMatter(FrontMatterFormat.Unterminated, TextSpan.FromBounds(start, firstEnd), TextSpan.FromBounds(contentStart, contentStart), null, problems);
        }

        if (text[start] == '{' && MatchingBrace(text, start) is { } close)
        {
            var block = TextSpan.FromBounds(0, NextLine(text, LineEnd(text, close)));
            return ParseContent(text, block, TextSpan.FromBounds(start, close + 1), problems, bare: true);
        }
        return problems.Count == 0 ? Absent : new FrontMatter(FrontMatterFormat.None, default, default, null, problems);
    }

    private static FrontMatter ParseContent(string text, TextSpan block, TextSpan content, List<YamlProblem> problems, bool bare)
    {
        var raw = text.Substring(content.Start, content.Length);
        var jsonAt = JsonStart(raw);
        var json = bare || jsonAt >= 0;
        var jsonSpan = bare ? content : TextSpan.FromBounds(content.Start + Math.Max(0, jsonAt), content.End);
        var format = bare ? FrontMatterFormat.BareJson : json ? FrontMatterFormat.FencedJson : FrontMatterFormat.Yaml;
        if (bare)
        {
            problems.Add(new YamlProblem("json-front-matter",
                "Front matter is a bare JSON object without '---' fences; skill loaders expect YAML between '---' lines and may show it to the agent as text.", content));
        }
        else if (json)
        {
            problems.Add(new YamlProblem("json-front-matter",
                "Front matter is written as one JSON object; skill loaders expect YAML 'key: value' lines and may read it differently from this scan.", jsonSpan));
        }
        if (raw.Length > MaxChars)
        {
            problems.Add(new YamlProblem("front-matter-too-large",
                $"Front matter is {raw.Length} characters long (more than {MaxChars}); it was not parsed.", content));
            return new FrontMatter(format, block, content, null, problems);
        }
        var result = SafeYaml.Load(raw, content.Start);
        problems.AddRange(result.Problems);
        if (result.Root is not null and not YamlMappingValue)
        {
            problems.Add(new YamlProblem("not-a-mapping", "Front matter is not a mapping of keys to values.", result.Root.Span));
        }
        return new FrontMatter(format, block, content, result.Root, problems);
    }

    /// <summary>Offset of the '{' opening fenced front matter that is one JSON object (after comment lines), or -1.</summary>
    private static int JsonStart(string raw)
    {
        var i = 0;
        while (i < raw.Length)
        {
            while (i < raw.Length && char.IsWhiteSpace(raw[i])) i++;
            if (i < raw.Length && raw[i] == '#')
            {
                var end = raw.IndexOf('\n', i);
                i = end < 0 ? raw.Length : end + 1;
                continue;
            }
            return i < raw.Length && raw[i] == '{' ? i : -1;
        }
        return -1;
    }

    /// <summary>Offset of the '}' closing the object opened at <paramref name="open"/>, skipping strings; null if unbalanced.</summary>
    private static int? MatchingBrace(string text, int open)
    {
        var depth = 0;
        var inString = false;
        var limit = Math.Min(text.Length, open + MaxChars);
        for (var i = open; i < limit; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            switch (c)
            {
                case '"': inString = true; break;
                case '{' or '[': depth++; break;
                case '}' or ']':
                    if (--depth == 0) return c == '}' ? i : null;
                    break;
            }
        }
        return null;
    }

    private static int LineEnd(string text, int from)
    {
        var i = text.IndexOfAny(['\n', '\r'], from);
        return i < 0 ? text.Length : i;
    }

    private static int NextLine(string text, int lineEnd)
    {
        if (lineEnd < text.Length && text[lineEnd] == '\r') lineEnd++;
        if (lineEnd < text.Length && text[lineEnd] == '\n') lineEnd++;
        return lineEnd;
    }
}
