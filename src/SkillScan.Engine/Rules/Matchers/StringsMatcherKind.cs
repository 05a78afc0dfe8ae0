using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SkillScan.Model;
using SkillScan.Semantics;
using SkillScan.Util;
using YamlDotNet.RepresentationModel;

namespace SkillScan.Rules.Matchers;

/// <summary>
/// `strings:` — URLs and hosts in string values: the strings of code (string facts, comments excluded) and the
/// whole text of files that have no facts (SKILL.md prose and links, manifests, notes).
/// <code>
/// strings:
///   destination: [tunnel]      # host classes from indicators.yaml (or raw-ip, private-ip ...)
///   bare-hosts: true           # also hosts written without a scheme ("abc.ngrok-free.app")
///   message: "Tunnel endpoint {destination}"
/// </code>
/// `value: regex` instead of (or with) `destination` matches the string values themselves; with `hidden: true`
/// only string values that are not written verbatim in the source (hex escapes, char codes, decoded literals).
/// </summary>
public sealed class StringsMatcherKind : IMatcherKind
{
    public string Key => "strings";

    public IMatcher Create(YamlNode spec, YamlData yaml, RuleDescriptor rule)
    {
        var r = new SpecReader(yaml, rule, Key);
        var m = r.Mapping(spec, "'strings'");
        r.AllowOnly(m, "destination", "bare-hosts", "value", "hidden", "message");
        var classes = r.Has(m, "destination") ? ValueCondition.ExpandClasses(r.DestinationClasses(m, "destination")) : null;
        var value = r.Pattern(m, "value");
        if (classes is null && value is null) throw r.Error(m, "give 'destination' classes or a 'value' pattern");
        var hidden = r.Bool(m, "hidden");
        if (hidden && (classes is not null || value is null)) throw r.Error(m, "'hidden' goes with a 'value' pattern alone");
        return new StringsMatcher(classes, r.Bool(m, "bare-hosts"), value, hidden, MessageTemplate.Parse(r, m));
    }
}

public sealed class StringsMatcher(HashSet<string>? classes, bool bareHosts, TextPattern? value, bool hidden, MessageTemplate? message) : PackMatcher
{
    public override void Run(MatchRun run)
    {
        var covered = new HashSet<SkillFile>(ReferenceEqualityComparer.Instance);
        foreach (var d in run.Context.Analysis.Documents)
        {
            if (d.Facts.Strings.Count > 0 || d.Facts.Calls.Count > 0) covered.Add(d.Document.File);
            if (!run.Rule.AppliesTo(d.Document.Language)) continue;
            foreach (var s in d.Facts.Strings)
            {
                var verbatim = d.Document.IndexOfVerbatim(s.Span, s.Value) >= 0;
                if (hidden)
                {
                    // Only strings whose value is not written in the source (escapes, char codes, decoders).
                    if (!verbatim && value!.IsMatch(s.Value)) Report(run, d.Document, s.Span, $"{Values.Show(s.Value)} (written as {Values.Show(d.Document.SliceSpan(s.Span), 60)})", null);
                    continue;
                }
                Scan(run, d.Document, s.Span, s.Value, exact: verbatim);
            }
            if (hidden) continue;
            // Values only partly known (`"$(whoami).x.oast.fun"`, `` `https://${id}.ngrok.io` ``) have no string fact: read their text.
            var seen = new HashSet<TextSpan>();
            foreach (var c in run.Calls.In(d))
            {
                if (c.IsSynthetic) continue;
                foreach (var input in c.Inputs)
                {
                    var v = input.Value;
                    if (v.Constant is null && v.Text.Length >= 4 && seen.Add(v.Span))
                    {
                        Scan(run, d.Document, v.Span, v.Text, exact: d.Document.IndexOfVerbatim(v.Span, v.Text) >= 0);
                    }
                }
            }
        }
        foreach (var file in run.Context.Skill.Files)
        {
            if (covered.Contains(file) || file.Language == Language.Binary || !run.Rule.AppliesTo(file.Language)) continue;
            var doc = SourceDocument.ForFile(file);
            Scan(run, doc, new TextSpan(0, doc.Text.Length), doc.Text, exact: true);
        }
    }

    /// <summary>Looks for destinations in one string; `exact` when the text is verbatim in the document at the span.</summary>
    private void Scan(MatchRun run, SourceDocument doc, TextSpan span, string text, bool exact)
    {
        var env = run.Environment;
        var offsetBase = exact ? span.Start + Math.Max(0, doc.IndexOfVerbatim(span, text)) : -1;
        if (value is not null && classes is null)
        {
            foreach (var (index, length, matched) in value.Matches(text))
            {
                Report(run, doc, Place(span, offsetBase, index, length), Values.Show(matched), null);
            }
            return;
        }
        var found = FoundDestinations.For(run.Context.Analysis, env);
        foreach (var (index, length, url, dest) in found.Urls(text))
        {
            if (classes is not null && !dest.Classes.Overlaps(classes)) continue;
            if (value is not null && !value.IsMatch(url)) continue;
            Report(run, doc, Place(span, offsetBase, index, length), Values.Show(url), dest);
        }
        if (!bareHosts) return;
        foreach (var (index, length, hostText, dest) in found.BareHosts(text))
        {
            if (classes is not null && !dest.Classes.Overlaps(classes)) continue;
            Report(run, doc, Place(span, offsetBase, index, length), Values.Show(hostText), dest);
        }
    }

    private static TextSpan Place(TextSpan whole, int offsetBase, int index, int length) =>
        offsetBase < 0 ? whole : new TextSpan(offsetBase + index, offsetBase + index + length);

    private void Report(MatchRun run, SourceDocument doc, TextSpan span, string shown, Destination? dest)
    {
        var described = dest?.Describe(run.Environment.Indicators) ?? shown;
        var values = new Dictionary<string, string>
        {
            ["match"] = shown, ["value"] = shown, ["destination"] = described, ["file"] = doc.File.RepoPath,
            ["callee"] = "", ["name"] = "", ["source"] = "", ["sink"] = "", ["decoded"] = "", ["detail"] = "",
        };
        var evidence = new Dictionary<string, string> { ["destination"] = shown };
        if (dest is not null) evidence["classes"] = string.Join(", ", dest.Classes.Order(StringComparer.Ordinal));
        run.Report(doc, span, message?.Render(values) ?? $"{run.Rule.Summary.TrimEnd('.')}: {described}.", evidence: evidence);
    }
}

/// <summary>
/// The destinations written in a skill's strings, found once per skill and text: several rules (tunnels, request
/// catchers, paste sites, raw IPs...) look at the same strings for different destination classes.
/// </summary>
internal sealed class FoundDestinations
{
    private static readonly ConditionalWeakTable<SkillAnalysis, FoundDestinations> Cache = new();

    private readonly MatchEnvironment _env;
    private readonly ConcurrentDictionary<string, List<(int Index, int Length, string Value, Destination Destination)>> _urls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<(int Index, int Length, string Value, Destination Destination)>> _hosts = new(StringComparer.Ordinal);

    private FoundDestinations(MatchEnvironment env) => _env = env;

    public static FoundDestinations For(SkillAnalysis analysis, MatchEnvironment env) => Cache.GetValue(analysis, _ => new FoundDestinations(env));

    public List<(int Index, int Length, string Value, Destination Destination)> Urls(string text) => _urls.GetOrAdd(text, t =>
    {
        var list = new List<(int, int, string, Destination)>();
        foreach (System.Text.RegularExpressions.Match u in Destinations.FindUrls(t))
        {
            if (Destinations.FromUrl(u.Value, _env.Indicators, _env.Settings) is { } dest) list.Add((u.Index, u.Length, u.Value, dest));
        }
        return list;
    });

    public List<(int Index, int Length, string Value, Destination Destination)> BareHosts(string text) => _hosts.GetOrAdd(text, t =>
    {
        var list = new List<(int, int, string, Destination)>();
        foreach (var (index, hostText) in Destinations.FindBareHosts(t))
        {
            // Hosts inside a URL are judged as URLs.
            if (index >= 3 && t.AsSpan(index - 3, 3).SequenceEqual("://")) continue;
            if (Destinations.FromHost(hostText, _env.Indicators, _env.Settings) is { } dest) list.Add((index, hostText.Length, hostText, dest));
        }
        return list;
    });
}
