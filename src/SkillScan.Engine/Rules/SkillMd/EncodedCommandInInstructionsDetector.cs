using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3005 EncodedCommandInInstructions.
/// <para><b>What it does:</b> finds encoded droppers anywhere in a Markdown document — prose, inline code, code
/// blocks, comments: `echo &lt;base64&gt; | base64 -d|-D|--decode | bash`, `openssl base64 -d`, `xxd -r -p`,
/// `printf '\x..'`, PowerShell `-EncodedCommand`, `FromBase64String` — decodes them through every layer and
/// reports what the decoded command does and where it goes. The decoded text is also analysed as code (derived
/// document), so the core rules report on it too.</para>
/// <para><b>Why is this bad?</b> Encoding a command someone is asked to run has one purpose: hiding what it does
/// from the person running it. The 2026 ClawHub wave used exactly this to drop a second stage.</para>
/// <para><b>Not reported:</b> encoded data that is decoded but not run and does not decode to a download
/// (icons, test vectors, checksums).</para>
/// </summary>
public sealed class EncodedCommandInInstructionsDetector : SkillMdDetector
{
    public override string Name => "EncodedCommandInInstructions";

    protected override void Analyze(SkillMdRun run)
    {
        foreach (var dropper in EncodedDroppers.Find(run.Model.Document.Text))
        {
            var behaviour = dropper.Behaviour;
            var downloads = dropper.Destinations.Count > 0 && behaviour.StartsWith("downloads", StringComparison.Ordinal);
            if (!dropper.Executes && !downloads) continue;
            var destination = dropper.Destinations.Count > 0 ? string.Join(", ", dropper.Destinations) : "none found";
            var runBy = dropper.Interpreter is { } i ? $" and run by {i}" : dropper.Executes ? " and run" : "";
            var where = run.Model.Code.FirstOrDefault(c => c.Span.Contains(dropper.Span.Start))?.Description
                        ?? (run.Model.Hidden.FirstOrDefault(u => u.Span.Contains(dropper.Span.Start)) is { } h ? SkillMdText.Where(h).Trim() : "prose");
            run.Report(dropper.Span,
                $"Encoded command in {where}: {string.Join(" then ", dropper.Encodings)} decodes to `{dropper.DecodedShort}`{runBy}; it {behaviour}.",
                evidence: new Dictionary<string, string>
                {
                    ["decoded"] = dropper.Decoded.Length > 4000 ? dropper.Decoded[..4000] : dropper.Decoded,
                    ["destination"] = destination,
                    ["encoding"] = string.Join("+", dropper.Encodings),
                    ["interpreter"] = dropper.Interpreter ?? "",
                });
        }
    }
}
