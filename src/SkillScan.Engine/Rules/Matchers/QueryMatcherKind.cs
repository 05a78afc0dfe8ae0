using SkillScan.Model;
using SkillScan.Syntax;
using SkillScan.TreeSitter;
using SkillScan.Util;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// `query:` — raw tree-sitter queries, one per language, for syntax the fact model does not describe. Compiled
/// when the pack loads, so a bad query is rejected with the pack file, the line inside the query and the error.
/// The capture `@finding` marks the reported span (else the first capture). `typescript` also serves TSX unless
/// a `tsx` query is given.
/// <code>
/// query:
///   javascript: |
///     ((call_expression function: (member_expression property: (property_identifier) @p)
///        arguments: (arguments (number) (number) (number) (number))) @finding
///      (#eq? @p "fromCharCode"))
///   message: "String built from character codes: {match}"
/// </code>
/// </summary>
public sealed class QueryMatcherKind : IMatcherKind
{
    public string Key => "query";

    private static readonly Dictionary<string, Language> LanguageKeys = new(StringComparer.Ordinal)
    {
        ["javascript"] = Language.JavaScript,
        ["typescript"] = Language.TypeScript,
        ["tsx"] = Language.Tsx,
        ["python"] = Language.Python,
        ["bash"] = Language.Bash,
    };

    public IMatcher Create(YamlNode spec, YamlData yaml, RuleDescriptor rule)
    {
        var r = new SpecReader(yaml, rule, Key);
        var m = r.Mapping(spec, "'query'");
        r.AllowOnly(m, [.. LanguageKeys.Keys, "message"]);
        var queries = new Dictionary<Language, TsQuery>();
        foreach (var (k, v) in m.Children)
        {
            var key = ((YamlScalarNode)k).Value!;
            if (key == "message") continue;
            var text = (v as YamlScalarNode)?.Value ?? throw r.Error(v, $"the {key} query must be a string");
            var language = LanguageKeys[key];
            queries[language] = Compile(r, (YamlScalarNode)v, language, text);
            if (language == Language.TypeScript && r.Get(m, "tsx") is null) queries[Language.Tsx] = Compile(r, (YamlScalarNode)v, Language.Tsx, text);
        }
        if (queries.Count == 0) throw r.Error(m, $"give at least one query, keyed by language ({string.Join(", ", LanguageKeys.Keys)})");
        return new QueryMatcher(queries, MessageTemplate.Parse(r, m));
    }

    private static TsQuery Compile(SpecReader r, YamlScalarNode node, Language language, string text)
    {
        try
        {
            return TsQuery.Compile(TreeSitterFrontEnd.ToTs(language), text);
        }
        catch (TsQueryException ex)
        {
            // Block scalars (| or >) start on the line after their indicator.
            var firstLine = node.Start.Line + (node.Style is ScalarStyle.Literal or ScalarStyle.Folded ? 1 : 0);
            var line = firstLine + ex.Line - 1;
            var reason = ex.Message.Split('\n')[0];
            throw new DataFileException(r.Yaml.File, line, ex.Column, $"rule {r.Rule.Id} (query): {reason}");
        }
    }
}

public sealed class QueryMatcher(IReadOnlyDictionary<Language, TsQuery> queries, MessageTemplate? message) : PackMatcher
{
    public override void Run(MatchRun run)
    {
        foreach (var doc in run.Documents)
        {
            if (doc.Parsed.TreeSitter is not { } tree || !queries.TryGetValue(doc.Document.Language, out var query)) continue;
            foreach (var match in query.Matches(tree.Root))
            {
                var node = match.Get("finding");
                if (node.IsNull && match.Captures.Count > 0) node = match.Captures[0].Node;
                if (node.IsNull) continue;
                var span = doc.Document.Utf8.Span(node.StartByte, node.EndByte);
                var text = Values.Show(doc.Document.SliceSpan(span));
                var values = new Dictionary<string, string>
                {
                    ["match"] = text, ["file"] = doc.Document.File.RepoPath, ["callee"] = "", ["name"] = "", ["value"] = text,
                    ["source"] = "", ["sink"] = "", ["destination"] = "", ["decoded"] = "", ["detail"] = "",
                };
                run.Report(doc.Document, span, message?.Render(values) ?? $"{run.Rule.Summary.TrimEnd('.')}: {text}.");
            }
        }
    }
}
