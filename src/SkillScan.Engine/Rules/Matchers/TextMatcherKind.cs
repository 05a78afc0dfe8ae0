using SkillScan.Model;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// `text:` — regexes over the text of files (any text file, SKILL.md and manifests included) and of decoded
/// payloads. Linear-time regex engine (patterns needing backtracking get a match timeout).
/// <code>
/// text:
///   pattern: 'dangerouslyAllow\w*"?\s*[:=]\s*true'
///   files: ["*.json", "*.js", "*.py", "*.sh", "SKILL.md"]   # optional globs over skill paths
///   exclude: '(?i)example|false'                            # optional: drop a match whose line matches
///   ignore-case: true
///   message: "Agent safety setting switched off: {match}"
/// </code>
/// The rule's `languages` (if any) restrict which files are read, unless `files` globs say which.
/// </summary>
public sealed class TextMatcherKind : IMatcherKind
{
    public string Key => "text";

    public IMatcher Create(YamlNode spec, YamlData yaml, RuleDescriptor rule)
    {
        var r = new SpecReader(yaml, rule, Key);
        var m = r.Mapping(spec, "'text'");
        r.AllowOnly(m, "pattern", "files", "not-files", "exclude", "ignore-case", "message", "max-per-file");
        var ignoreCase = r.Bool(m, "ignore-case");
        var patterns = r.Patterns(m, "pattern", ignoreCase);
        if (patterns.Count == 0) throw r.Error(m, "'pattern' is required");
        if (patterns.Any(p => p.Source.StartsWith('@'))) throw r.Error(m, "'pattern' must be a regular expression");
        return new TextMatcher
        {
            Patterns = patterns,
            Files = r.Strings(m, "files").Select(Globs.File).ToList(),
            NotFiles = r.Strings(m, "not-files").Select(Globs.File).ToList(),
            Exclude = r.Pattern(m, "exclude", ignoreCase),
            Message = MessageTemplate.Parse(r, m),
            MaxPerFile = r.Int(m, "max-per-file") ?? 20,
        };
    }
}

public sealed class TextMatcher : PackMatcher
{
    public required IReadOnlyList<TextPattern> Patterns { get; init; }
    public IReadOnlyList<System.Text.RegularExpressions.Regex> Files { get; init; } = [];
    public IReadOnlyList<System.Text.RegularExpressions.Regex> NotFiles { get; init; } = [];
    public TextPattern? Exclude { get; init; }
    public MessageTemplate? Message { get; init; }
    public int MaxPerFile { get; init; } = 20;

    public override void Run(MatchRun run)
    {
        foreach (var doc in TextDocuments(run))
        {
            var count = 0;
            foreach (var pattern in Patterns)
            {
                foreach (var (index, length, value) in pattern.Matches(doc.Text))
                {
                    if (Exclude is not null && Exclude.IsMatch(LineAround(doc.Text, index))) continue;
                    var span = new TextSpan(index, index + length);
                    var shown = Values.Show(value);
                    var values = new Dictionary<string, string>
                    {
                        ["match"] = shown, ["value"] = shown, ["file"] = doc.File.RepoPath, ["callee"] = "", ["name"] = "",
                        ["source"] = "", ["sink"] = "", ["destination"] = "", ["detail"] = "",
                        ["decoded"] = doc.Origin == DocumentOrigin.Decoded ? Values.Show(doc.Text, 200) : "",
                    };
                    var message = Message?.Render(values) ?? $"{run.Rule.Summary.TrimEnd('.')}: {shown}.";
                    var evidence = new Dictionary<string, string> { ["match"] = Values.Show(value, 200) };
                    if (doc.Origin == DocumentOrigin.Decoded) evidence["decoded"] = Values.Show(doc.Text, 400);
                    run.Report(doc, span, message, evidence: evidence);
                    if (++count >= MaxPerFile) break;
                }
                if (count >= MaxPerFile) break;
            }
        }
    }

    /// <summary>Text files of the skill (in the rule's languages and file globs), then decoded/embedded payloads.</summary>
    private IEnumerable<SourceDocument> TextDocuments(MatchRun run)
    {
        var analysed = new Dictionary<SkillFile, SourceDocument>(ReferenceEqualityComparer.Instance);
        foreach (var d in run.Context.Analysis.Documents)
        {
            if (d.Document.Depth == 0) analysed.TryAdd(d.Document.File, d.Document);
        }
        var scanned = new HashSet<SkillFile>(ReferenceEqualityComparer.Instance);
        foreach (var file in run.Context.Skill.Files)
        {
            // Explicit file globs choose the files; otherwise the rule's languages do.
            if (file.Language == Language.Binary || (Files.Count == 0 && !run.Rule.AppliesTo(file.Language)) || !Selected(file.Path)) continue;
            scanned.Add(file);
            yield return analysed.TryGetValue(file, out var doc) ? doc : SourceDocument.ForFile(file);
        }
        // Decoded and embedded payloads are not in any file's text; code blocks are, but only count when their
        // file was not read whole (a bash rule sees the ```bash blocks of SKILL.md).
        foreach (var d in run.Context.Analysis.Documents)
        {
            var doc = d.Document;
            if (doc.Origin == DocumentOrigin.File || !run.Rule.AppliesTo(doc.Language) || !Selected(doc.File.Path)) continue;
            if (doc.Origin == DocumentOrigin.CodeBlock && scanned.Contains(doc.File)) continue;
            yield return doc;
        }
    }

    private bool Selected(string path) =>
        (Files.Count == 0 || Files.Any(g => g.IsMatch(path))) && !NotFiles.Any(g => g.IsMatch(path));

    private static string LineAround(string text, int index)
    {
        var start = index <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(index, text.Length) - 1) + 1;
        var end = text.IndexOf('\n', Math.Min(index, text.Length));
        if (end < 0) end = text.Length;
        return text[start..Math.Min(end, start + 4096)];
    }
}
