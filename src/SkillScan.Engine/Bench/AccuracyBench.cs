using SkillScan.Model;
using SkillScan.Pipeline;
using SkillScan.Rules;

namespace SkillScan.Bench;

/// <summary>One unsuppressed finding as the accuracy bench sees it.</summary>
public sealed record RuleHit(string RuleId, Severity Severity, SourceLocation Location, string Message)
{
    public bool IsError => Severity.ImpliedVerdict() == Verdict.Block;
}

/// <summary>A labelled skill with its verdict and every unsuppressed finding.</summary>
public sealed record ScoredSkill(string Name, CorpusLabel Label, Verdict Verdict, IReadOnlyList<RuleHit> Hits)
{
    public static ScoredSkill From(CorpusSkill skill, SkillResult result) =>
        new(skill.Name, skill.Label, result.Verdict,
            result.Findings.Where(f => f.Suppression is null)
                .Select(f => new RuleHit(f.Rule.Id, f.Severity, f.Location, f.Message))
                .ToList());

    /// <summary>The most severe hit of the rule, or null when it did not fire.</summary>
    public RuleHit? StrongestHit(string ruleId) =>
        Hits.Where(h => h.RuleId == ruleId).MaxBy(h => h.Severity);
}

/// <summary>A count out of a total; the fraction is undefined (null) when the total is zero.</summary>
public readonly record struct Rate(int Count, int Total)
{
    public double? Fraction => Total == 0 ? null : (double)Count / Total;
}

/// <summary>Skill-level detection at the two gate thresholds.</summary>
public sealed record SkillRates(int Malicious, int Benign, Rate RecallAtBlock, Rate FprAtBlock, Rate RecallAtReview, Rate FprAtReview)
{
    public static SkillRates Of(IEnumerable<(SkillLabel Label, Verdict Verdict)> skills)
    {
        var list = skills.ToList();
        var malicious = list.Where(s => s.Label == SkillLabel.Malicious).ToList();
        var benign = list.Where(s => s.Label == SkillLabel.Benign).ToList();
        return new SkillRates(malicious.Count, benign.Count,
            new Rate(malicious.Count(s => s.Verdict == Verdict.Block), malicious.Count),
            new Rate(benign.Count(s => s.Verdict == Verdict.Block), benign.Count),
            new Rate(malicious.Count(s => s.Verdict >= Verdict.Review), malicious.Count),
            new Rate(benign.Count(s => s.Verdict >= Verdict.Review), benign.Count));
    }
}

/// <summary>True/false positives and false negatives of a rule or a pack, with the derived scores.</summary>
public readonly record struct Counts(int Tp, int Fp, int Fn)
{
    /// <summary>TP / (TP + FP); null when the rule never fired on a labelled case.</summary>
    public double? Precision => Tp + Fp == 0 ? null : (double)Tp / (Tp + Fp);

    /// <summary>TP / (TP + FN); null when no skill lists the rule in <c>must</c>.</summary>
    public double? Recall => Tp + Fn == 0 ? null : (double)Tp / (Tp + Fn);

    /// <summary>Harmonic mean of precision and recall; null when either is undefined.</summary>
    public double? F1 => Precision is { } p && Recall is { } r ? (p + r == 0 ? 0 : 2 * p * r / (p + r)) : null;

    public static Counts operator +(Counts a, Counts b) => new(a.Tp + b.Tp, a.Fp + b.Fp, a.Fn + b.Fn);
}

/// <summary>Accuracy of one rule on the corpus.</summary>
/// <param name="Other">Skills where the rule fired without being named in the label (neither TP nor FP).</param>
/// <param name="Known">False for an id that appears in labels but in no loaded pack.</param>
public sealed record RuleAccuracy(string Id, string Name, string Pack, Severity Severity, Counts Counts, int Other, bool Known);

/// <summary>Accuracy of a pack: its rules' counts summed, and skill-level rates from its findings alone.</summary>
/// <param name="Skills">
/// Rates where each skill's verdict comes from this pack's findings only; the malicious skills counted are those
/// whose <c>must</c> names a rule of the pack, the benign ones are all benign skills.
/// </param>
public sealed record PackAccuracy(string Pack, int RuleCount, Counts Counts, SkillRates Skills);

/// <summary>Why a rule's hit counts as a false positive.</summary>
public enum StrayReason
{
    /// <summary>The skill lists the rule in <c>mustNot</c>.</summary>
    MustNot,

    /// <summary>The rule fired at error level (critical/high) on a benign skill.</summary>
    ErrorOnBenign,
}

/// <summary>A false positive: where the rule fired and why that is wrong.</summary>
public sealed record StrayHit(string RuleId, string Skill, StrayReason Reason, RuleHit Hit);

/// <summary>A false negative: a rule the label requires that did not fire.</summary>
public sealed record Miss(string RuleId, string Skill);

/// <summary>A skill whose verdict contradicts its label at the block threshold.</summary>
/// <param name="Hits">For a blocked benign skill: the error-level hits; for an unblocked malicious one: every hit.</param>
public sealed record SkillOutcome(string Skill, Verdict Expected, Verdict Actual, string Technique, IReadOnlyList<RuleHit> Hits);

/// <summary>Everything `bench accuracy` measures.</summary>
public sealed class AccuracyReport
{
    public required SkillRates Overall { get; init; }

    /// <summary>Skill-level rates per <see cref="SkillSurface"/> (skills without a surface are left out).</summary>
    public required IReadOnlyDictionary<SkillSurface, SkillRates> BySurface { get; init; }

    public required IReadOnlyList<PackAccuracy> Packs { get; init; }

    /// <summary>Every loaded rule, then every unknown id named by a label, in id order.</summary>
    public required IReadOnlyList<RuleAccuracy> Rules { get; init; }

    /// <summary>Malicious skills whose verdict is not block.</summary>
    public required IReadOnlyList<SkillOutcome> UnblockedMalicious { get; init; }

    /// <summary>Benign skills whose verdict is block.</summary>
    public required IReadOnlyList<SkillOutcome> BlockedBenign { get; init; }

    /// <summary>Skills whose verdict differs from the label's (includes the two lists above, and pass/review swaps).</summary>
    public required IReadOnlyList<SkillOutcome> VerdictMismatches { get; init; }

    public required IReadOnlyList<Miss> Misses { get; init; }

    public required IReadOnlyList<StrayHit> StrayHits { get; init; }

    /// <summary>Rule ids named in labels that no loaded pack defines.</summary>
    public IReadOnlyList<string> UnknownRuleIds => Rules.Where(r => !r.Known).Select(r => r.Id).ToList();

    /// <summary>Loaded rules with no true positive on the corpus.</summary>
    public IReadOnlyList<string> RulesWithoutTruePositive => Rules.Where(r => r.Known && r.Counts.Tp == 0).Select(r => r.Id).ToList();

    /// <summary>The CI gate: every malicious skill blocked and no benign skill blocked.</summary>
    public bool GatePasses => UnblockedMalicious.Count == 0 && BlockedBenign.Count == 0;
}

/// <summary>
/// Compares labels with what fired. Per rule and skill (a rule counts once per skill however often it fires):
/// TP — the rule is in <c>must</c> and fired (on a benign skill, only below error level);
/// FN — the rule is in <c>must</c> and did not fire;
/// FP — the rule fired and is in <c>mustNot</c>, or fired at error level on a benign skill (even when listed in
/// <c>must</c>: benign labels expect the medium/low form);
/// other — it fired on a skill whose label does not name it (reported, not scored).
/// </summary>
public static class AccuracyBench
{
    public static AccuracyReport Compute(IReadOnlyList<ScoredSkill> skills, IReadOnlyList<RuleDescriptor> rules)
    {
        var descriptors = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var counts = new Dictionary<string, Counts>(StringComparer.Ordinal);
        var other = new Dictionary<string, int>(StringComparer.Ordinal);
        var misses = new List<Miss>();
        var strays = new List<StrayHit>();

        foreach (var skill in skills)
        {
            foreach (var id in skill.Label.Must)
            {
                var hit = skill.StrongestHit(id);
                if (hit is null)
                {
                    Add(counts, id, new Counts(0, 0, 1));
                    misses.Add(new Miss(id, skill.Name));
                }
                else if (skill.Label.Label == SkillLabel.Benign && hit.IsError)
                {
                    Add(counts, id, new Counts(0, 1, 0));
                    strays.Add(new StrayHit(id, skill.Name, StrayReason.ErrorOnBenign, hit));
                }
                else
                {
                    Add(counts, id, new Counts(1, 0, 0));
                }
            }
            foreach (var id in skill.Hits.Select(h => h.RuleId).Distinct(StringComparer.Ordinal))
            {
                if (skill.Label.Must.Contains(id, StringComparer.Ordinal)) continue;
                var hit = skill.StrongestHit(id)!;
                if (skill.Label.MustNot.Contains(id, StringComparer.Ordinal))
                {
                    Add(counts, id, new Counts(0, 1, 0));
                    strays.Add(new StrayHit(id, skill.Name, StrayReason.MustNot, hit));
                }
                else if (skill.Label.Label == SkillLabel.Benign && hit.IsError)
                {
                    Add(counts, id, new Counts(0, 1, 0));
                    strays.Add(new StrayHit(id, skill.Name, StrayReason.ErrorOnBenign, hit));
                }
                else
                {
                    other[id] = other.GetValueOrDefault(id) + 1;
                }
            }
            foreach (var id in skill.Label.MustNot) counts.TryAdd(id, default);
        }

        var ruleRows = descriptors.Values
            .Select(d => new RuleAccuracy(d.Id, d.Name, d.Pack, d.Severity, counts.GetValueOrDefault(d.Id), other.GetValueOrDefault(d.Id), Known: true))
            .Concat(counts.Keys.Concat(other.Keys).Distinct(StringComparer.Ordinal).Where(id => !descriptors.ContainsKey(id))
                .Select(id => new RuleAccuracy(id, "", "unknown", Severity.Info, counts.GetValueOrDefault(id), other.GetValueOrDefault(id), Known: false)))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList();

        var packOf = descriptors.ToDictionary(d => d.Key, d => d.Value.Pack, StringComparer.Ordinal);
        var packs = ruleRows.Where(r => r.Known).GroupBy(r => r.Pack, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PackAccuracy(g.Key, g.Count(), g.Aggregate(default(Counts), (c, r) => c + r.Counts), PackRates(g.Key, skills, packOf)))
            .ToList();

        var mismatches = skills.Where(s => s.Verdict != s.Label.Verdict).Select(Outcome).ToList();
        return new AccuracyReport
        {
            Overall = SkillRates.Of(skills.Select(s => (s.Label.Label, s.Verdict))),
            BySurface = skills.Where(s => s.Label.Surface is not null).GroupBy(s => s.Label.Surface!.Value)
                .OrderBy(g => g.Key)
                .ToDictionary(g => g.Key, g => SkillRates.Of(g.Select(s => (s.Label.Label, s.Verdict)))),
            Packs = packs,
            Rules = ruleRows,
            UnblockedMalicious = skills.Where(s => s.Label.Label == SkillLabel.Malicious && s.Verdict != Verdict.Block).Select(Outcome).ToList(),
            BlockedBenign = skills.Where(s => s.Label.Label == SkillLabel.Benign && s.Verdict == Verdict.Block).Select(Outcome).ToList(),
            VerdictMismatches = mismatches,
            Misses = misses.OrderBy(m => m.RuleId, StringComparer.Ordinal).ThenBy(m => m.Skill, StringComparer.Ordinal).ToList(),
            StrayHits = strays.OrderBy(s => s.RuleId, StringComparer.Ordinal).ThenBy(s => s.Skill, StringComparer.Ordinal).ToList(),
        };
    }

    private static void Add(Dictionary<string, Counts> counts, string id, Counts add) =>
        counts[id] = counts.GetValueOrDefault(id) + add;

    private static SkillOutcome Outcome(ScoredSkill s) =>
        new(s.Name, s.Label.Verdict, s.Verdict, s.Label.Technique,
            s.Label.Label == SkillLabel.Benign && s.Verdict == Verdict.Block ? s.Hits.Where(h => h.IsError).ToList() : s.Hits);

    // A pack's own verdict on a skill: the strongest severity among its rules' hits (incompleteness is not a pack's).
    private static SkillRates PackRates(string pack, IReadOnlyList<ScoredSkill> skills, Dictionary<string, string> packOf)
    {
        bool InPack(string id) => packOf.TryGetValue(id, out var p) && p == pack;
        return SkillRates.Of(skills
            .Where(s => s.Label.Label == SkillLabel.Benign || s.Label.Must.Any(InPack))
            .Select(s => (s.Label.Label, s.Hits.Where(h => InPack(h.RuleId)).Select(h => h.Severity.ImpliedVerdict()).DefaultIfEmpty(Verdict.Pass).Max())));
    }
}
