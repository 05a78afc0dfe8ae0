using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Pinning.Commands;
using SkillScan.Pinning.Versions;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// Dockerfile / Containerfile: `FROM` lines (a base image without a content digest can be replaced under its tag;
/// ARG defaults are substituted; stage names and `scratch` are not images) and install commands in `RUN`.
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
        var folder = PinningContext.FolderOf(file.Path);
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Docker drops comment lines inside a continued instruction.
        foreach (var line in ContinuationLines.Read(document, l => l.TrimStart().StartsWith('#')))
        {
            var words = Split(line.Text);
            if (words.Count == 0 || words[0].Text.StartsWith('#')) continue;
            var instruction = words[0].Text.ToUpperInvariant();
            switch (instruction)
            {
                case "ARG" when words.Count > 1:
                    var eq = words[1].Text.IndexOf('=');
                    if (eq > 0) args[words[1].Text[..eq]] = words[1].Text[(eq + 1)..].Trim('"', '\'');
                    break;
                case "FROM":
                    From(context, document, file, line, words, args, stages);
                    break;
                case "RUN":
                    Run(context, document, folder, line, words);
                    break;
            }
        }
    }

    private static void From(PinningContext context, SourceDocument document, SkillFile file, LogicalLine line,
        List<(string Text, int Start)> words, Dictionary<string, string> args, HashSet<string> stages)
    {
        var imageWord = words.Skip(1).FirstOrDefault(w => !w.Text.StartsWith("--", StringComparison.Ordinal));
        if (imageWord.Text is null) return;
        var asIndex = words.FindIndex(w => w.Text.Equals("AS", StringComparison.OrdinalIgnoreCase));
        var image = Substitute(imageWord.Text, args);
        var isStage = image is not null && stages.Contains(image);
        if (asIndex > 0 && asIndex + 1 < words.Count) stages.Add(words[asIndex + 1].Text);
        if (image is null || isStage || image.Equals("scratch", StringComparison.OrdinalIgnoreCase)) return;
        if (ImageReference.Parse(image) is not { } reference) return;
        var cls = reference.Classify();
        if (cls.Class == PinClass.Exact) return;
        var substituted = image != imageWord.Text ? $" (\"{imageWord.Text}\" with its ARG default)" : "";
        context.Add(new PinIssue
        {
            Rule = PinningRule.UnpinnedContainerImage,
            Severity = cls.Class == PinClass.Floating ? Severity.Medium : Severity.Low,
            Document = document,
            Span = line.Map(imageWord.Start, imageWord.Start + imageWord.Text.Length),
            Message = $"Base image \"{image}\"{substituted} is not pinned by digest: {cls.Reason}. Declared in {file.Path}. " +
                      "Whatever image is pushed under that name later is what the build starts from. " +
                      $"Pin the digest: FROM {reference.Name}:{reference.Tag ?? "<tag>"}@sha256:<digest> (docker buildx imagetools inspect shows it).",
            Package = reference.Name,
            Evidence = new Dictionary<string, string> { ["image"] = image, ["class"] = cls.Class.ToString().ToLowerInvariant() },
        });
    }

    /// <summary>RUN in shell form (`RUN npm i -g x && ...`) or exec form (`RUN ["npm", "i", "x"]`): install commands.</summary>
    private static void Run(PinningContext context, SourceDocument document, string folder, LogicalLine line, List<(string Text, int Start)> words)
    {
        var first = words.Skip(1).FirstOrDefault(w => !w.Text.StartsWith("--", StringComparison.Ordinal)); // --mount=..., --network=...
        if (first.Text is null) return;
        var command = line.Text[first.Start..];
        if (command.StartsWith("<<", StringComparison.Ordinal)) return; // heredoc bodies are not read
        if (command.StartsWith('[') && ExecForm(command, first.Start, line) is { Count: > 0 } exec && exec[0].Text is { } program)
        {
            InstallCommands.Analyze(context, new CommandLine(program, exec.Skip(1).ToList(), document, line.Map(first.Start, line.Text.Length), folder));
            return;
        }
        foreach (var (name, arguments, span) in ShellWords.Split(command, (s, e) => line.Map(first.Start + s, first.Start + e), exactPositions: true))
        {
            InstallCommands.Analyze(context, new CommandLine(name, arguments, document, span, folder));
        }
    }

    /// <summary>The strings of a JSON exec-form array, with their spans (escaped strings have no known value).</summary>
    private static List<CommandWord>? ExecForm(string text, int offset, LogicalLine line)
    {
        var words = new List<CommandWord>();
        var i = 1;
        while (i < text.Length && text[i] != ']')
        {
            if (text[i] != '"')
            {
                i++;
                continue;
            }
            var close = i + 1;
            while (close < text.Length && text[close] != '"') close += text[close] == '\\' ? 2 : 1;
            if (close >= text.Length) return null;
            var content = text[(i + 1)..close];
            var escaped = content.Contains('\\');
            words.Add(new CommandWord(escaped ? null : content, line.Map(offset + i + 1, offset + close), !escaped));
            i = close + 1;
        }
        return words;
    }

    /// <summary>Whitespace-separated words of a logical line with their offsets in it.</summary>
    private static List<(string Text, int Start)> Split(string line)
    {
        var words = new List<(string, int)>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            if (i > start) words.Add((line[start..i], start));
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
