using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Pinning.Commands;
using SkillScan.Pinning.Versions;
using SkillScan.Util;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// pip requirements files (requirements*.txt, requirements/*.txt, *.in without a compiled .txt, and files named
/// by `-r`/`-c` or by `pip install -r`): PEP 508 requirements, `--hash`, `-r`/`-c` includes (constraints pin what
/// they fix exactly), `-e` and URL/VCS references, index options, environment markers, line continuations.
/// </summary>
public sealed class RequirementsReader : IManifestReader
{
    private const int MaxIncludeDepth = 8;

    // Matched against file names (short), so the backtracking engine: the linear one costs ~20 ms to build for `\w`,
    // paid by every scan since every file is asked.
    private static readonly ShortTextRegex FileName = new(@"^([\w.-]*[-_.])?requirements([-_.][\w.-]*)?\.(txt|in)$", ignoreCase: true);

    private static readonly HashSet<string> ValueFlags = new(StringComparer.Ordinal)
    {
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f",
        "--find-links", "--trusted-host", "--hash", "--global-option", "--config-settings", "-C", "--no-binary", "--only-binary",
    };

    public bool Accepts(SkillFile file, PinningContext context)
    {
        if (file.Language == Language.Binary) return false;
        if (context.RequirementFilesNamedByCommands.Contains(file.Path)) return true;
        var inRequirementsFolder = PinningContext.FolderOf(file.Path).Split('/')[^1].Equals("requirements", StringComparison.OrdinalIgnoreCase) &&
                                   (file.FileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || file.FileName.EndsWith(".in", StringComparison.OrdinalIgnoreCase));
        if (!FileName.IsMatch(file.FileName) && !inRequirementsFolder) return false;
        // requirements.in compiled into requirements.txt: the .txt is what gets installed.
        if (file.FileName.EndsWith(".in", StringComparison.OrdinalIgnoreCase) && context.File(file.Path[..^3] + ".txt") is not null) return false;
        return true;
    }

    public void Read(PinningContext context, SkillFile file) => ReadFile(context, file, 0);

    /// <summary>Reads a file once (includes may repeat or loop) and returns the exact pins it makes.</summary>
    private static Dictionary<string, string> ReadFile(PinningContext context, SkillFile file, int depth)
    {
        var read = context.Cached("requirements-read", () => new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal));
        if (read.TryGetValue(file.Path, out var known)) return known;
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        read[file.Path] = pins; // registered before reading: an include loop finds it and stops

        var document = context.Document(file);
        var folder = PinningContext.FolderOf(file.Path);
        var constraints = new HashSet<string>(StringComparer.Ordinal);
        var requirements = new List<(Pep508Requirement? Requirement, string Text, Func<int, int, TextSpan> Map, bool Hashed, TextSpan Whole)>();
        var anyHash = false;

        foreach (var joined in ContinuationLines.Read(document))
        {
            var line = (Text: StripComment(joined.Text), Map: (Func<int, int, TextSpan>)joined.Map);
            var tokens = Tokens(line.Text);
            if (tokens.Count == 0) continue;
            var words = tokens.Select(t => new CommandWord(line.Text[t.Start..t.End], line.Map(t.Start, t.End), Verbatim: true)).ToList();
            if (words[0].Text!.StartsWith('-'))
            {
                var parsed = ParsedArgs.Parse(words, ValueFlags);
                anyHash |= parsed.Has("--require-hashes");
                foreach (var (flag, value) in parsed.Options)
                {
                    if (value?.Text is not { } v) continue;
                    switch (flag)
                    {
                        case "-r" or "--requirement" or "-c" or "--constraint":
                            if (depth >= MaxIncludeDepth || PinningContext.ResolveInside(folder, v) is not { } path || context.File(path) is not { } included) break;
                            var includedPins = ReadFile(context, included, depth + 1);
                            if (flag is "-c" or "--constraint")
                            {
                                constraints.UnionWith(includedPins.Keys);
                            }
                            break;
                        case "-e" or "--editable":
                            requirements.Add((null, v, (_, _) => value.Span, false, value.Span));
                            break;
                        case "-i" or "--index-url" or "--extra-index-url" or "-f" or "--find-links":
                            Indexes.Report(context, document, value, flag, Ecosystem.PyPI, file.Path, Indexes.KindOf(flag));
                            break;
                    }
                }
                continue;
            }
            // A requirement, possibly followed by per-requirement options (--hash=..., --config-settings ...).
            var optionsAt = words.FindIndex(w => w.Text!.StartsWith('-'));
            var start = tokens[0].Start;
            var requirementText = line.Text[start..tokens[optionsAt < 0 ? tokens.Count - 1 : optionsAt - 1].End];
            var hashed = optionsAt >= 0 && words.Skip(optionsAt).Any(w => w.Text!.StartsWith("--hash", StringComparison.Ordinal));
            anyHash |= hashed;
            Func<int, int, TextSpan> map = (s, e) => line.Map(start + s, start + e);
            requirements.Add((Pep508.Parse(requirementText), requirementText, map, hashed, map(0, requirementText.Length)));
        }

        var exactWithoutHash = new List<TextSpan>();
        foreach (var (requirement, text, map, hashed, whole) in requirements)
        {
            if (requirement is null || requirement.Url is not null)
            {
                var reference = requirement?.Url ?? text.Trim();
                if (!PythonReference.IsReference(reference)) continue;
                var refClass = PythonReference.Classify(reference);
                DependencyReporter.ReportDeclared(context, new DeclaredDependency
                {
                    Ecosystem = Ecosystem.PyPI,
                    Name = requirement?.Name ?? PythonReference.NameOf(reference),
                    Class = refClass,
                    Document = document,
                    Span = requirement is null ? whole : map(requirement.UrlRange.Start, requirement.UrlRange.End),
                    Where = file.Path,
                    Folder = folder,
                    LockedBy = hashed ? "--hash" : null,
                    PinnedForm = v => $"{requirement?.Name ?? PythonReference.NameOf(reference)}=={v}",
                });
                continue;
            }
            var cls = Pep440.ClassifySpecifier(requirement.Specifier);
            if (cls is null) continue;
            var normalized = Pep440.NormalizeName(requirement.Name);
            if (cls.Class == PinClass.Exact && cls.Floor is { } exact)
            {
                pins.TryAdd(normalized, exact);
                if (!hashed) exactWithoutHash.Add(map(requirement.SpecifierRange.Start, requirement.SpecifierRange.End));
            }
            // A constraints file (-c) that fixes the version pins it as firmly as an == would.
            if (constraints.Contains(normalized)) continue;
            var hasSpecifier = requirement.Specifier.Length > 0;
            var (rangeStart, rangeEnd) = requirement.Range;
            var written = text[rangeStart..rangeEnd];
            DependencyReporter.ReportDeclared(context, new DeclaredDependency
            {
                Ecosystem = Ecosystem.PyPI,
                Name = requirement.Name,
                Spec = hasSpecifier ? requirement.Specifier : null,
                Class = cls,
                Document = document,
                Span = hasSpecifier ? map(requirement.SpecifierRange.Start, requirement.SpecifierRange.End) : map(rangeStart, rangeEnd),
                Where = file.Path,
                Folder = folder,
                LockedBy = hashed ? "--hash" : null,
                PinnedForm = v => $"{requirement.Name}=={v}",
                Replacement = hasSpecifier ? v => $"=={v}" : v => $"{written}=={v}",
            });
        }

        if (exactWithoutHash.Count > 0 && !anyHash)
        {
            context.Add(new PinIssue
            {
                Rule = PinningRule.MissingLockfile,
                Severity = Severity.Info,
                Document = document,
                Span = exactWithoutHash[0],
                Message = $"{file.Path} pins {exactWithoutHash.Count} {(exactWithoutHash.Count == 1 ? "requirement" : "requirements")} with == but checks no hashes: " +
                          "new files can still be added to a pinned release, and the dependencies of these packages are not pinned at all. " +
                          "Generate the file with hashes (pip-compile --generate-hashes, or uv pip compile --generate-hashes) and install with --require-hashes.",
            });
        }
        return pins;
    }

    /// <summary>pip's comment rule: `#` at the start of a line or after whitespace.</summary>
    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    /// <summary>[start, end) of each whitespace-separated word of a logical line.</summary>
    private static List<(int Start, int End)> Tokens(string line)
    {
        var tokens = new List<(int, int)>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            if (i > start) tokens.Add((start, i));
        }
        return tokens;
    }
}
