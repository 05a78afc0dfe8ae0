using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3202 MalformedFrontMatter.
/// <para><b>What it does:</b> validates SKILL.md's front matter: present and closed, valid YAML, a mapping with
/// `name` and `description`, `metadata.openclaw.requires` (bins, anyBins, env, config) as lists of strings,
/// `metadata.openclaw.install` specs with a known kind and their required field. It also reports front matter
/// written as JSON, duplicate keys, and YAML alias bombs (medium; the scan also gets a notification).</para>
/// <para><b>Why is this bad?</b> Loaders that disagree about front matter show the agent something other than
/// what a reviewer sees: a duplicate `description` key can put a benign description in front of the reviewer and a
/// malicious one in front of the agent. An alias bomb attacks the loader itself.</para>
/// </summary>
public sealed class MalformedFrontMatterDetector : SkillMdDetector
{
    public override string Name => "MalformedFrontMatter";

    protected override void Analyze(SkillMdRun run)
    {
        if (!run.Model.IsSkillMd) return;
        var manifest = SkillManifest.For(run.Context.Analysis);
        foreach (var problem in manifest.Problems)
        {
            var message = problem.Message;
            if (problem.Kind == "duplicate-key" && manifest.DuplicateValues.Count > 0)
            {
                var key = manifest.DuplicateValues.Keys.FirstOrDefault(k => message.Contains($"'{k}'", StringComparison.Ordinal));
                if (key is not null)
                {
                    message += $" Values: {string.Join(" / ", manifest.DuplicateValues[key].Select(v => SkillMdText.Quote(v, 80)))}.";
                }
            }
            run.Report(problem.Span, message, problem.Severity,
                new Dictionary<string, string> { ["problem"] = problem.Kind }, oncePerPlace: false);
        }
    }
}
