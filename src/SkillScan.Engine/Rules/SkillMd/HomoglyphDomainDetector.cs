using System.Globalization;
using System.Text;
using SkillScan.Model;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3104 HomoglyphDomain.
/// <para><b>What it does:</b> checks the host of every URL in a Markdown document (punycode `xn--` labels decoded):
/// a label that mixes Latin with Cyrillic, Greek or Armenian letters, or is written entirely in look-alike
/// characters that spell a well-known name (`раypal`, `gіthub`, `xn--pypal-4ve`), is a homoglyph domain. The
/// look-alike table and the list of imitated domains are data (`confusables`, `brands`).</para>
/// <para><b>Why is this bad?</b> The link reads as a trusted site and goes somewhere else: the classic way to make a
/// download or a login page look official.</para>
/// <para><b>Not reported:</b> internationalised domains written in one script (`пример.рф`, `münchen.de`).</para>
/// </summary>
public sealed class HomoglyphDomainDetector : SkillMdDetector
{
    private static readonly IdnMapping Idn = new();

    public override string Name => "HomoglyphDomain";

    protected override void Analyze(SkillMdRun run)
    {
        foreach (var url in run.Model.Urls)
        {
            var host = url.Host;
            if (host.Length == 0 || (host.All(char.IsAscii) && !host.Contains("xn--", StringComparison.Ordinal))) continue;
            if (Inspect(host) is not { } finding) continue;
            run.Report(url.Span,
                $"Link to a look-alike domain: {finding.Shown} {finding.Why} and reads as {finding.Skeleton}{(finding.Brand is null ? "" : $" (imitating {finding.Brand})")}.",
                evidence: new Dictionary<string, string>
                {
                    ["host"] = host,
                    ["unicode"] = finding.Shown,
                    ["reads-as"] = finding.Skeleton,
                    ["imitates"] = finding.Brand ?? "",
                });
        }
    }

    internal sealed record Finding(string Shown, string Skeleton, string Why, string? Brand);

    /// <summary>Why a host is a homoglyph, or null.</summary>
    internal static Finding? Inspect(string host)
    {
        var labels = host.Split('.');
        var unicode = new string[labels.Length];
        var skeleton = new string[labels.Length];
        string? why = null;
        var allConfusable = true;
        var anyNonAscii = false;
        for (var k = 0; k < labels.Length; k++)
        {
            var label = labels[k];
            if (label.StartsWith("xn--", StringComparison.Ordinal))
            {
                try
                {
                    label = Idn.GetUnicode(label);
                }
                catch (ArgumentException)
                {
                    // Not valid punycode: leave it as written.
                }
            }
            unicode[k] = label;
            var (scripts, mapped, confusableOnly) = Read(label);
            skeleton[k] = mapped;
            if (label.All(char.IsAscii)) continue;
            anyNonAscii = true;
            allConfusable &= confusableOnly;
            if (why is null && scripts.Contains("Latin") && scripts.Count > 1)
            {
                why = $"mixes {string.Join(" and ", scripts.Order(StringComparer.Ordinal))} letters";
            }
        }
        if (!anyNonAscii) return null;
        var shownHost = string.Join('.', unicode);
        var skeletonHost = string.Join('.', skeleton);
        var brand = Catalog.Brands.FirstOrDefault(b =>
            skeletonHost == b || skeletonHost.EndsWith("." + b, StringComparison.Ordinal)
            || skeleton.Zip(unicode).Any(p => !p.Second.All(char.IsAscii) && p.First == b.Split('.')[0]));
        if (why is null && allConfusable && brand is not null) why = "is written in look-alike letters";
        return why is null ? null : new Finding(shownHost, skeletonHost, why, brand);
    }

    /// <summary>The scripts of a label's letters, its Latin skeleton, and whether every non-ASCII letter is a known look-alike.</summary>
    private static (HashSet<string> Scripts, string Skeleton, bool ConfusableOnly) Read(string label)
    {
        var scripts = new HashSet<string>(StringComparer.Ordinal);
        var skeleton = new StringBuilder(label.Length);
        var confusableOnly = true;
        foreach (var raw in label)
        {
            var c = char.ToLowerInvariant(raw);
            if (char.IsLetter(c)) scripts.Add(ScriptOf(c));
            if (Catalog.Confusables.TryGetValue(c, out var latin))
            {
                skeleton.Append(latin);
            }
            else
            {
                skeleton.Append(c);
                if (!char.IsAscii(c)) confusableOnly = false;
            }
        }
        return (scripts, skeleton.ToString(), confusableOnly);
    }

    private static string ScriptOf(char c) => c switch
    {
        <= '\u024F' or (>= '\u1E00' and <= '\u1EFF') => "Latin",
        >= '\u0370' and <= '\u03FF' => "Greek",
        >= '\u0400' and <= '\u052F' => "Cyrillic",
        >= '\u0530' and <= '\u058F' => "Armenian",
        _ => "other",
    };
}
