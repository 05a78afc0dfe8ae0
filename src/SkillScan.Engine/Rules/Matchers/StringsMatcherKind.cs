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
        var strings = SkillStrings.For(run.Context);
        if (hidden)
        {
            // Only strings whose value is not written in the source (escapes, char codes, decoders).
            foreach (var s in strings.Hidden)
            {
                if (run.Rule.AppliesTo(s.Document.Language) && value!.IsMatch(s.Value))
                {
                    Report(run, s.Document, s.Span, $"{Values.Show(s.Value)} (written as {Values.Show(s.Document.SliceSpan(s.Span), 60)})", null);
                }
            }
            return;
        }
        if (classes is null)
        {
            foreach (var t in strings.Texts)
            {
                if (!run.Rule.AppliesTo(t.Document.Language)) continue;
                foreach (var (index, length, matched) in value!.Matches(t.Value))
                {
                    Report(run, t.Document, t.Place(index, length), Values.Show(matched), null);
                }
            }
            return;
        }
        foreach (var hit in strings.DestinationHits())
        {
            if ((hit.Bare && !bareHosts) || !run.Rule.AppliesTo(hit.Document.Language) || !hit.Destination.Classes.Overlaps(classes)) continue;
            if (!hit.Bare && value is not null && !value.IsMatch(hit.Shown)) continue;
            Report(run, hit.Document, hit.Span, Values.Show(hit.Shown), hit.Destination);
        }
    }

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
/// The strings of a skill as the `strings:` rules read them, gathered once per skill: the tunnel, paste-site,
/// webhook, raw-IP, shortener and request-catcher rules all look at the same strings for different destination
/// classes, and each walking every string of the skill (and searching it for URLs and hosts) was the costliest
/// matcher on code files. Rules filter these lists by their languages and classes.
/// </summary>
internal sealed class SkillStrings
{
    private readonly ScanSettings _settings;
    private readonly RuleContext _context;
    private readonly List<SourceDocument> _factless = [];
    private readonly List<HiddenString> _hidden = [];
    private List<DestinationHit>? _destinations;

    private SkillStrings(RuleContext context)
    {
        _settings = context.Settings;
        _context = context;
        var covered = new HashSet<SkillFile>(ReferenceEqualityComparer.Instance);
        foreach (var d in context.Analysis.Documents)
        {
            var doc = d.Document;
            if (d.Facts.Strings.Count > 0 || d.Facts.Calls.Count > 0) covered.Add(doc.File);
            foreach (var s in d.Facts.Strings)
            {
                if (doc.IndexOfVerbatim(s.Span, s.Value) < 0) _hidden.Add(new HiddenString(doc, s.Span, s.Value));
            }
        }
        foreach (var file in context.Skill.Files)
        {
            if (!covered.Contains(file) && file.Language != Language.Binary) _factless.Add(SourceDocument.ForFile(file));
        }
    }

    public static SkillStrings For(RuleContext context) => context.Analysis.Shared(context, static c => new SkillStrings(c));

    /// <summary>
    /// Every text a `strings:` rule reads, in document order: each document's string facts, then the text of its
    /// partly known call values, then the whole text of the files that have no facts. Walked afresh each time
    /// rather than kept: an 80 KB script has thousands, and their list was a large-object allocation on every skill
    /// (the built-in rules walk it once, for <see cref="DestinationHits"/>).
    /// </summary>
    public IEnumerable<StringText> Texts
    {
        get
        {
            var calls = CallIndex.For(_context);
            foreach (var d in _context.Analysis.Documents)
            {
                var doc = d.Document;
                foreach (var s in d.Facts.Strings)
                {
                    var at = doc.IndexOfVerbatim(s.Span, s.Value);
                    yield return new StringText(doc, s.Span, s.Value, at < 0 ? -1 : s.Span.Start + at);
                }
                // Values only partly known (`"$(whoami).x.oast.fun"`, `` `https://${id}.ngrok.io` ``) have no string fact: read their text.
                var seen = new HashSet<TextSpan>();
                foreach (var c in calls.In(d))
                {
                    if (c.IsSynthetic) continue;
                    foreach (var v in c.Call.Values)
                    {
                        if (v.Constant is null && v.Text.Length >= 4 && seen.Add(v.Span))
                        {
                            var at = doc.IndexOfVerbatim(v.Span, v.Text);
                            yield return new StringText(doc, v.Span, v.Text, at < 0 ? -1 : v.Span.Start + at);
                        }
                    }
                }
            }
            // The whole text of files that have no facts (SKILL.md prose and links, manifests, notes).
            foreach (var doc in _factless) yield return new StringText(doc, new TextSpan(0, doc.Text.Length), doc.Text, 0);
        }
    }

    /// <summary>String facts whose value is not written verbatim in the source (escapes, char codes, decoded).</summary>
    public IReadOnlyList<HiddenString> Hidden => _hidden;

    /// <summary>
    /// The URLs and bare hosts in <see cref="Texts"/> that fall in a destination class, in text order (a text's URLs
    /// before its bare hosts). A text without "://" holds no URL, one without '.' no host: most code strings are
    /// skipped by these two searches. Equal texts (a literal repeated through a file) are searched once. Hosts of no
    /// class (`options.outputDir` in a template's text) are left out: no rule asks for them, and they were most of
    /// the list on a large script.
    /// </summary>
    public IReadOnlyList<DestinationHit> DestinationHits()
    {
        if (_destinations is not null) return _destinations;
        var hits = new List<DestinationHit>();
        var found = new Dictionary<string, List<(int Index, int Length, string Value, Destination Destination, bool Bare)>>(StringComparer.Ordinal);
        foreach (var t in Texts)
        {
            if (!found.TryGetValue(t.Value, out var list))
            {
                list = Find(t.Value, _settings);
                found[t.Value] = list;
            }
            foreach (var (index, length, shown, dest, bare) in list)
            {
                hits.Add(new DestinationHit(t.Document, t.Place(index, length), shown, dest, bare));
            }
        }
        return _destinations = hits;
    }

    private static List<(int, int, string, Destination, bool)> Find(string text, ScanSettings settings)
    {
        var list = new List<(int, int, string, Destination, bool)>();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            foreach (System.Text.RegularExpressions.Match u in Matchers.Destinations.FindUrls(text))
            {
                if (Matchers.Destinations.FromUrl(u.Value, Indicators.Builtin, settings) is { Classes.Count: > 0 } dest) list.Add((u.Index, u.Length, u.Value, dest, false));
            }
        }
        if (!text.Contains('.') || !ClassifiableHosts.For(settings).MayBeIn(text)) return list;
        foreach (var (index, hostText) in Matchers.Destinations.FindBareHosts(text))
        {
            // Hosts inside a URL are judged as URLs.
            if (index >= 3 && text.AsSpan(index - 3, 3).SequenceEqual("://")) continue;
            if (Matchers.Destinations.FromHost(hostText, Indicators.Builtin, settings) is { Classes.Count: > 0 } dest) list.Add((index, hostText.Length, hostText, dest, true));
        }
        return list;
    }
}

/// <summary>
/// The names a bare host (a dotted name ending in a letter TLD, never an IP) must contain to fall in a destination
/// class: listed and vendor hosts (a host is classed by its name or a parent domain's), the local suffixes, and the
/// allowed and installer domains of the settings. Text holding none of them is not searched for hosts: the host regex
/// over every string and partly known argument of a script (most hold a '.', `options.outputDir`) was a tenth of
/// the rules' time on JavaScript.
/// </summary>
internal sealed class ClassifiableHosts
{
    private static readonly ConditionalWeakTable<ScanSettings, ClassifiableHosts> BySettings = new();

    private readonly System.Buffers.SearchValues<string> _names;

    private ClassifiableHosts(ScanSettings settings)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".localhost", ".local", ".internal", ".lan", ".home.arpa" };
        names.UnionWith(Indicators.Builtin.HostNames);
        foreach (var entry in settings.AllowedDomains.Concat(settings.AllowedInstallerDomains))
        {
            var slash = entry.IndexOf('/');
            var host = (slash < 0 ? entry : entry[..slash]).Trim();
            if (host.Length > 0) names.Add(host);
        }
        _names = System.Buffers.SearchValues.Create([.. names], StringComparison.OrdinalIgnoreCase);
    }

    public static ClassifiableHosts For(ScanSettings settings) => BySettings.GetValue(settings, static s => new ClassifiableHosts(s));

    // An ordinal case-insensitive search misses the non-ASCII letters the host regex folds onto ASCII ones (the Kelvin
    // sign for k), but a host holding one is never classed: FromHost accepts ASCII host characters only.
    public bool MayBeIn(string text) => text.AsSpan().ContainsAny(_names);
}

/// <summary>A text a `strings:` rule reads; <see cref="OffsetBase"/> is where it starts in its document when it is
/// written there verbatim, else -1 (a finding then points at the whole span).</summary>
internal readonly record struct StringText(SourceDocument Document, TextSpan Span, string Value, int OffsetBase)
{
    public TextSpan Place(int index, int length) =>
        OffsetBase < 0 ? Span : new TextSpan(OffsetBase + index, OffsetBase + index + length);
}

internal readonly record struct HiddenString(SourceDocument Document, TextSpan Span, string Value);

/// <summary>A URL (or, when <see cref="Bare"/>, a host written without a scheme) found in a string, with its class.</summary>
internal readonly record struct DestinationHit(SourceDocument Document, TextSpan Span, string Shown, Destination Destination, bool Bare);
