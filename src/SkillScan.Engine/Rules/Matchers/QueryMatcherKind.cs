using SkillScan.Model;
using SkillScan.Syntax;
using SkillScan.TreeSitter;
using SkillScan.Util;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// `query:` — raw tree-sitter queries, one per language, for syntax the fact model does not describe. A pack given
/// with --rules or a policy has its queries compiled when it loads, so a bad query is rejected with the pack file,
/// the line inside the query and the error. The built-in packs' queries are compiled on first use instead (a test
/// compiles them all): tree-sitter analyses the grammar for every query, tens of milliseconds a language, and the
/// gate on a small skill meets one or two languages. The capture `@finding` marks the reported span (else the
/// first capture). `typescript` also serves TSX unless a `tsx` query is given.
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
        var queries = new Dictionary<Language, DeferredQuery>();
        foreach (var (k, v) in m.Children)
        {
            var key = ((YamlScalarNode)k).Value!;
            if (key == "message") continue;
            var text = (v as YamlScalarNode)?.Value ?? throw r.Error(v, $"the {key} query must be a string");
            var language = LanguageKeys[key];
            queries[language] = Deferred(r, (YamlScalarNode)v, language, text);
            if (language == Language.TypeScript && r.Get(m, "tsx") is null) queries[Language.Tsx] = Deferred(r, (YamlScalarNode)v, Language.Tsx, text);
        }
        if (queries.Count == 0) throw r.Error(m, $"give at least one query, keyed by language ({string.Join(", ", LanguageKeys.Keys)})");
        var matcher = new QueryMatcher(queries, MessageTemplate.Parse(r, m));
        if (!yaml.CheckedByTests) matcher.CompileAll();
        return matcher;
    }

    /// <summary>The query compiled on first use (once, whichever thread asks first); an error names the pack's line.</summary>
    private static DeferredQuery Deferred(SpecReader r, YamlScalarNode node, Language language, string text)
    {
        var file = r.Yaml.File;
        var ruleId = r.Rule.Id;
        // Block scalars (| or >) start on the line after their indicator.
        var firstLine = node.Start.Line + (node.Style is ScalarStyle.Literal or ScalarStyle.Folded ? 1 : 0);
        return new DeferredQuery(new Lazy<TsQuery>(() =>
        {
            try
            {
                return TsQuery.Compile(TreeSitterFrontEnd.ToTs(language), text);
            }
            catch (TsQueryException ex)
            {
                var reason = ex.Message.Split('\n')[0];
                throw new DataFileException(file, firstLine + ex.Line - 1, ex.Column, $"rule {ruleId} (query): {reason}");
            }
        }, LazyThreadSafetyMode.ExecutionAndPublication), new Lazy<TsQueryPrecondition>(() => TsQueryPrecondition.FromSource(text)));
    }
}

/// <summary>
/// A query compiled on first use, and what a file must hold for it to match, read from the query's text: a file
/// that cannot match is skipped without compiling (tree-sitter takes ~3 ms to compile any bash query).
/// </summary>
public sealed record DeferredQuery(Lazy<TsQuery> Query, Lazy<TsQueryPrecondition> Precondition)
{
    /// <summary>False when the query, not yet compiled, cannot match in <paramref name="tree"/> (parsed from <paramref name="document"/>).</summary>
    public bool MayMatchIn(TsTree tree, SourceDocument document) =>
        Query.IsValueCreated || Precondition.Value.CanMatchIn(tree.GetBytes(tree.Root),
            // The document's text is the tree's source decoded unless the parse repaired bytes (bash line joins).
            ReferenceEquals(tree.Source, document.Utf8.Bytes) ? document.Text : null);
}

public sealed class QueryMatcher(IReadOnlyDictionary<Language, DeferredQuery> queries, MessageTemplate? message) : PackMatcher
{
    /// <summary>The query for each language.</summary>
    internal IReadOnlyDictionary<Language, DeferredQuery> Queries => queries;

    /// <summary>Compiles every language's query now (a pack is being validated); throws <see cref="DataFileException"/>.</summary>
    public void CompileAll()
    {
        foreach (var query in queries.Values) _ = query.Query.Value;
    }

    public override void Run(MatchRun run)
    {
        foreach (var doc in run.Documents)
        {
            if (doc.Parsed.TreeSitter is not { } tree || !queries.TryGetValue(doc.Document.Language, out var query) || !query.MayMatchIn(tree, doc.Document)) continue;
            foreach (var match in query.Query.Value.Matches(tree.Root))
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
