using System.Diagnostics;
using SkillScan.Findings;
using SkillScan.Model;
using SkillScan.Rules;
using SkillScan.Semantics;
using SkillScan.Syntax;
using SkillScan.Util;

namespace SkillScan.Pipeline;

/// <summary>The result of analysing one skill, before policy.</summary>
public sealed class SkillResult
{
    public required Skill Skill { get; init; }

    public required List<Finding> Findings { get; init; }

    public required List<ScanNotification> Notifications { get; init; }

    /// <summary>Set by the Policy stage.</summary>
    public Verdict Verdict { get; set; }

    /// <summary>Time spent per stage, for `bench speed`.</summary>
    public StageTimings Timings { get; init; } = new();

    /// <summary>Some file was skipped or hit a limit: the result may miss things.</summary>
    public bool Incomplete => Notifications.Any(n => n.Level != NotificationLevel.Note);
}

/// <summary>Time spent in each stage, and per rule, in <see cref="Stopwatch"/> ticks (<see cref="Stopwatch.Frequency"/> per second).</summary>
public sealed class StageTimings
{
    public long ParseTicks;
    public long SemanticsTicks;
    public long RulesTicks;
    public long ParsedBytes;
    public Dictionary<Language, (long Bytes, long Ticks)> ParseByLanguage { get; } = new();
    public Dictionary<string, long> RuleTicks { get; } = new();
}

/// <summary>
/// The pipeline for one skill: Syntax → Semantics → Rules. Stateless apart from its registries, so one
/// engine serves all threads (front ends keep one native parser per thread).
/// </summary>
public sealed class ScanEngine
{
    private readonly Dictionary<Language, IFrontEnd> _frontEnds = new();
    private readonly Dictionary<Language, IFactExtractor> _extractors = new();

    public ScanEngine(IEnumerable<IFrontEnd> frontEnds, IEnumerable<IFactExtractor> extractors, IReadOnlyList<IRule> rules,
        AnalysisLimits? limits = null, ScanSettings? settings = null)
    {
        foreach (var fe in frontEnds)
        {
            foreach (var l in fe.Languages) _frontEnds[l] = fe;
        }
        foreach (var ex in extractors)
        {
            foreach (var l in ex.Languages) _extractors[l] = ex;
        }
        Rules = rules;
        Limits = limits ?? AnalysisLimits.Default;
        Settings = settings ?? ScanSettings.Default;
    }

    public IReadOnlyList<IRule> Rules { get; }

    public AnalysisLimits Limits { get; }

    public ScanSettings Settings { get; }

    /// <summary>Whether timings per rule are collected, and stage times read as thread CPU time (bench speed); off by
    /// default to keep the hot path lean.</summary>
    public bool CollectRuleTimings { get; init; }

    /// <summary>Bytes of the skill's files that a front end parses (what its analysis memory grows with).</summary>
    public long ParsedBytes(Skill skill)
    {
        long bytes = 0;
        foreach (var file in skill.Files)
        {
            if (_frontEnds.ContainsKey(file.Language)) bytes += file.Bytes.Length;
        }
        return bytes;
    }

    public SkillResult AnalyzeSkill(Skill skill, CancellationToken cancellationToken = default)
    {
        var timings = new StageTimings();
        using var analysis = new SkillAnalysis(skill);
        analysis.Notifications.AddRange(skill.Notifications);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Limits.SkillTimeout);
        RegexTimeouts.Reset();

        var queue = new Queue<SourceDocument>();
        foreach (var file in skill.Files)
        {
            if (_frontEnds.ContainsKey(file.Language)) queue.Enqueue(SourceDocument.ForFile(file));
        }

        var derivedPerFile = new Dictionary<string, int>();
        var nodes = new NodeBudget();
        while (queue.Count > 0)
        {
            var doc = queue.Dequeue();
            if (budget.IsCancellationRequested)
            {
                analysis.Notifications.Add(ScanNotification.Warning("skill-time-budget",
                    $"Analysis stopped after the skill time budget of {Limits.SkillTimeout.TotalSeconds:0} s; {doc.File.RepoPath} and later documents were not analysed.",
                    doc.File.RepoPath));
                break;
            }
            AnalyzeDocument(doc, analysis, queue, derivedPerFile, nodes, timings, budget.Token);
        }

        var findings = new List<Finding>();
        var context = new RuleContext(analysis, findings, Settings, Limits.MaxFindingsPerRuleAndFile);
        var rulesStart = StageClock.Now(CollectRuleTimings);
        foreach (var rule in Rules)
        {
            var start = CollectRuleTimings ? Stopwatch.GetTimestamp() : 0;
            try
            {
                rule.Analyze(context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                analysis.Notifications.Add(ScanNotification.Error("rule-failed",
                    $"Rule {rule.Descriptor.Id} failed on skill {skill.Name}: {ex.GetType().Name}: {ex.Message}"));
            }
            if (CollectRuleTimings)
            {
                var spent = Stopwatch.GetTimestamp() - start;
                timings.RuleTicks[rule.Descriptor.Id] = timings.RuleTicks.GetValueOrDefault(rule.Descriptor.Id) + spent;
            }
        }
        timings.RulesTicks = StageClock.Now(CollectRuleTimings) - rulesStart;
        if (RegexTimeouts.Count > 0)
        {
            analysis.Notifications.Add(ScanNotification.Warning("regex-timeout",
                $"{RegexTimeouts.Count} pattern match(es) in skill {skill.Name} ran out of their time budget and counted as no match; findings may be missing."));
        }
        foreach (var file in skill.Files) file.ForgetText();

        return new SkillResult
        {
            Skill = skill,
            Findings = FindingOrder.Normalize(findings),
            Notifications = analysis.Notifications.Distinct().ToList(),
            Timings = timings,
        };
    }

    /// <summary>Syntax nodes held by the documents of the skill being analysed.</summary>
    private sealed class NodeBudget
    {
        public long Used;
    }

    /// <summary>Most tree-sitter nodes per byte of source seen (`f();` repeated: 1.75); C# counts half a node a character.</summary>
    private const double MaxNodesPerByte = 1.75;

    private static long CountedNodes(ParsedDocument parsed) =>
        parsed.TreeSitter is { } tree ? tree.Root.DescendantCount : parsed.Roslyn is not null ? parsed.Document.Text.Length / 2 : 0;

    /// <summary>
    /// Whether a document fits the skill's node budget. Before parsing, a document is refused only when the skill's
    /// documents already hold a quarter of the budget and the most nodes its size could make would overflow it: so
    /// no parse can add a large tree on top of a large analysis, and an ordinary skill is never refused on a guess.
    /// </summary>
    private bool FitsBefore(SourceDocument doc, NodeBudget nodes, SkillAnalysis analysis)
    {
        if (doc.Language is Language.Markdown) return true;
        var max = Limits.MaxSyntaxNodesPerSkill;
        var estimate = doc.Language == Language.CSharp ? doc.Text.Length / 2 : (long)(doc.Utf8.Bytes.Length * MaxNodesPerByte);
        if (nodes.Used < max / 4 || nodes.Used + estimate <= max) return true;
        analysis.Notifications.Add(ScanNotification.Warning("syntax-node-limit",
            $"{Describe(doc)} ({doc.Utf8.Bytes.Length:N0} bytes) could take the skill past its analysis budget of {max:N0} syntax nodes " +
            $"({nodes.Used:N0} already held by its other documents); not analysed.", doc.File.RepoPath));
        return false;
    }

    private void AnalyzeDocument(SourceDocument doc, SkillAnalysis analysis, Queue<SourceDocument> queue,
        Dictionary<string, int> derivedPerFile, NodeBudget nodes, StageTimings timings, CancellationToken ct)
    {
        if (!_frontEnds.TryGetValue(doc.Language, out var frontEnd)) return;
        if (!FitsBefore(doc, nodes, analysis)) return;
        ParsedDocument parsed;
        var parseStart = StageClock.Now(CollectRuleTimings);
        try
        {
            parsed = frontEnd.Parse(doc, Limits, ct);
        }
        catch (InputLimitException ex)
        {
            analysis.Notifications.Add(ScanNotification.Warning(ex.NotificationId, $"{Describe(doc)}: {ex.Message}", doc.File.RepoPath));
            return;
        }
        catch (TimeoutException ex)
        {
            analysis.Notifications.Add(ScanNotification.Warning("parse-timeout",
                $"{Describe(doc)} was not parsed within the {Limits.ParseTimeout.TotalSeconds:0} s parse budget: {ex.Message}", doc.File.RepoPath));
            return;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            analysis.Notifications.Add(ScanNotification.Warning("parse-timeout",
                $"{Describe(doc)} was not parsed within the {Limits.ParseTimeout.TotalSeconds:0} s parse budget.", doc.File.RepoPath));
            return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The skill's time budget (or the caller) stopped the parse: a budget, not a parser failure.
            analysis.Notifications.Add(ScanNotification.Warning("skill-time-budget",
                $"Analysis stopped after the skill time budget of {Limits.SkillTimeout.TotalSeconds:0} s while parsing {Describe(doc)}; it and later documents were not analysed.",
                doc.File.RepoPath));
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            analysis.Notifications.Add(ScanNotification.Warning("parse-failed",
                $"{Describe(doc)} could not be parsed: {ex.Message}", doc.File.RepoPath));
            return;
        }
        finally
        {
            var spent = StageClock.Now(CollectRuleTimings) - parseStart;
            timings.ParseTicks += spent;
            if (doc.Depth == 0)
            {
                timings.ParsedBytes += doc.File.Bytes.Length;
                var (b, t) = timings.ParseByLanguage.GetValueOrDefault(doc.Language);
                timings.ParseByLanguage[doc.Language] = (b + doc.File.Bytes.Length, t + spent);
            }
        }

        var counted = CountedNodes(parsed);
        if (nodes.Used + counted > Limits.MaxSyntaxNodesPerSkill)
        {
            parsed.Dispose();
            var others = nodes.Used == 0 ? "" : $" (with the {nodes.Used:N0} of the skill's other documents)";
            analysis.Notifications.Add(ScanNotification.Warning("syntax-node-limit",
                $"{Describe(doc)} has {counted:N0} syntax nodes{others}, over the skill's analysis budget of {Limits.MaxSyntaxNodesPerSkill:N0}; not analysed.",
                doc.File.RepoPath));
            return;
        }
        nodes.Used += counted;

        var facts = DocumentFacts.Empty;
        if (_extractors.TryGetValue(doc.Language, out var extractor))
        {
            var context = new FactContext(Limits, derived =>
            {
                if (derived.Depth > Limits.MaxDocumentDepth)
                {
                    analysis.Notifications.Add(ScanNotification.Note("derived-depth-limit",
                        $"{Describe(derived)} nested deeper than {Limits.MaxDocumentDepth} levels was not analysed.", doc.File.RepoPath));
                    return;
                }
                var count = derivedPerFile.GetValueOrDefault(doc.File.RepoPath) + 1;
                derivedPerFile[doc.File.RepoPath] = count;
                if (count == Limits.MaxDerivedDocumentsPerFile + 1)
                {
                    analysis.Notifications.Add(ScanNotification.Warning("derived-count-limit",
                        $"{doc.File.RepoPath} holds more than {Limits.MaxDerivedDocumentsPerFile} embedded or decoded documents; the rest were not analysed.", doc.File.RepoPath));
                }
                if (count <= Limits.MaxDerivedDocumentsPerFile) queue.Enqueue(derived);
            }, analysis.Notifications.Add, ct);
            var semStart = StageClock.Now(CollectRuleTimings);
            try
            {
                facts = extractor.Extract(parsed, context);
            }
            catch (OperationCanceledException)
            {
                analysis.Notifications.Add(ScanNotification.Warning("analysis-timeout",
                    $"{Describe(doc)}: analysis stopped at the time budget; facts are partial.", doc.File.RepoPath));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                analysis.Notifications.Add(ScanNotification.Warning("analysis-failed",
                    $"{Describe(doc)} could not be analysed: {ex.GetType().Name}: {ex.Message}", doc.File.RepoPath));
            }
            timings.SemanticsTicks += StageClock.Now(CollectRuleTimings) - semStart;
        }
        analysis.Documents.Add(new DocumentAnalysis(parsed, facts));
    }

    private static string Describe(SourceDocument doc) =>
        doc.Description is null ? doc.File.RepoPath : $"{doc.Description} in {doc.File.RepoPath}";
}
