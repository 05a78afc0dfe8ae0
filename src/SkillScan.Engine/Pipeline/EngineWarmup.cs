using System.Text;
using SkillScan.Model;

namespace SkillScan.Pipeline;

/// <summary>
/// Start-up work every scan does whatever its rules: the catalogs, the Markdown and shell front ends and fact
/// extractors, the runtime's first calls into them. Done on a second thread while the rule packs load
/// (docs/performance.md, "Start-up"), by a rule-less engine analysing a tiny skill: a SKILL.md, as every skill has,
/// with a shell block and a URL.
/// </summary>
public static class EngineWarmup
{
    private const string SkillMd = """
        ---
        name: warmup
        description: Lists files.
        ---
        # Warm-up
        Run `ls` (docs at https://example.com/docs):
        ```bash
        ls -la
        ```
        """;

    private static int _started;

    /// <summary>
    /// Starts the warm-up, once a process. Not waited for: the scan that follows shares its one-time initialisations
    /// (each runs once, whichever thread comes first), so the two threads split the work between them.
    /// </summary>
    public static void Begin()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        Task.Run(() =>
        {
            try
            {
                var file = new SkillFile("SKILL.md", "warmup/SKILL.md", Encoding.UTF8.GetBytes(SkillMd), Language.Markdown);
                EngineFactory.Create([]).AnalyzeSkill(new Skill("warmup", "warmup", [file]));
            }
            catch (Exception)
            {
                // Only a head start: the scan does the same work and reports its own errors.
            }
        });
    }
}
