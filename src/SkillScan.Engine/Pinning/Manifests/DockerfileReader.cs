using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Pinning.Versions;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// Dockerfile / Containerfile `FROM` lines: a base image without a content digest can be replaced under its tag.
/// ARG defaults are substituted; stage names and `scratch` are not images.
/// </summary>
public sealed class DockerfileReader : IManifestReader
{
    private static readonly Regex Variable = new(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)(:?-([^}]*))?\}?", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    public bool Accepts(SkillFile file, PinningContext context)
    {
        var name = file.FileName;
        return file.Language != Language.Binary &&
               (name is "Dockerfile" or "Containerfile" or "dockerfile" || name.StartsWith("Dockerfile.", StringComparison.Ordinal) ||
                name.EndsWith(".Dockerfile", StringComparison.Ordinal) || name.EndsWith(".dockerfile", StringComparison.Ordinal));
    }

    public void Read(PinningContext context, SkillFile file)
    {
        var document = context.Document(file);
        var text = file.Text;
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lines = document.Lines;
        for (var line = 1; line <= lines.LineCount; line++)
        {
            var start = lines.LineStart(line);
            var content = text[start..lines.LineEnd(line, text)];
            var trimmed = content.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            var indent = content.Length - trimmed.Length;
            var words = Split(trimmed, start + indent);
            if (words.Count == 0) continue;
            var instruction = words[0].Text.ToUpperInvariant();
            if (instruction == "ARG" && words.Count > 1)
            {
                var eq = words[1].Text.IndexOf('=');
                if (eq > 0) args[words[1].Text[..eq]] = words[1].Text[(eq + 1)..].Trim('"', '\'');
                continue;
            }
            if (instruction != "FROM") continue;
            var imageWord = words.Skip(1).FirstOrDefault(w => !w.Text.StartsWith("--", StringComparison.Ordinal));
            if (imageWord.Text is null) continue;
            var asIndex = words.FindIndex(w => w.Text.Equals("AS", StringComparison.OrdinalIgnoreCase));
            var image = Substitute(imageWord.Text, args);
            var isStage = image is not null && stages.Contains(image);
            if (asIndex > 0 && asIndex + 1 < words.Count) stages.Add(words[asIndex + 1].Text);
            if (image is null || isStage || image.Equals("scratch", StringComparison.OrdinalIgnoreCase)) continue;
            if (ImageReference.Parse(image) is not { } reference) continue;
            var cls = reference.Classify();
            if (cls.Class == PinClass.Exact) continue;
            var substituted = image != imageWord.Text ? $" (\"{imageWord.Text}\" with its ARG default)" : "";
            context.Add(new PinIssue
            {
                Rule = PinningRule.UnpinnedContainerImage,
                Severity = cls.Class == PinClass.Floating ? Severity.Medium : Severity.Low,
                Document = document,
                Span = TextSpan.FromBounds(imageWord.Start, imageWord.Start + imageWord.Text.Length),
                Message = $"Base image \"{image}\"{substituted} is not pinned by digest: {cls.Reason}. Declared in {file.Path}. " +
                          "Whatever image is pushed under that name later is what the build starts from. " +
                          $"Pin the digest: FROM {reference.Name}:{reference.Tag ?? "<tag>"}@sha256:<digest> (docker buildx imagetools inspect shows it).",
                Package = reference.Name,
                Evidence = new Dictionary<string, string> { ["image"] = image, ["class"] = cls.Class.ToString().ToLowerInvariant() },
            });
        }
    }

    private static List<(string Text, int Start)> Split(string line, int offset)
    {
        var words = new List<(string, int)>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            if (i > start) words.Add((line[start..i], offset + start));
        }
        return words;
    }

    /// <summary>`${BASE}`, `$BASE`, `${BASE:-python:3.12}`: ARG defaults substituted; null when one is unknown.</summary>
    private static string? Substitute(string word, IReadOnlyDictionary<string, string> args)
    {
        var unknown = false;
        var result = Variable.Replace(word, m =>
        {
            if (args.TryGetValue(m.Groups[1].Value, out var v) && v.Length > 0) return v;
            if (m.Groups[3].Success) return m.Groups[3].Value;
            unknown = true;
            return "";
        });
        return unknown ? null : result;
    }
}
