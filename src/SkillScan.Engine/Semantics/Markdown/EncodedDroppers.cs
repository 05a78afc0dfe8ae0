using System.Text;
using System.Text.RegularExpressions;
using SkillScan.Model;

namespace SkillScan.Semantics.Markdown;

/// <summary>An encoded command found in text, decoded (through every layer) and described.</summary>
/// <param name="Span">The encoded blob in the scanned text.</param>
/// <param name="Command">The command line (or statement) the blob sits in.</param>
/// <param name="Encodings">The decoders applied, outermost first ("base64", "hex", "utf-16le base64", "escapes").</param>
/// <param name="Decoded">The innermost decoded text.</param>
/// <param name="Executes">The decoded text is handed to an interpreter (| bash, eval, iex, -EncodedCommand...).</param>
/// <param name="Destinations">URLs and hosts the decoded text reaches.</param>
public sealed record DecodedDropper(TextSpan Span, TextSpan Command, IReadOnlyList<string> Encodings, string Decoded, bool Executes,
    string? Interpreter, IReadOnlyList<string> Destinations)
{
    /// <summary>The decoded text on one line, cut for messages.</summary>
    public string DecodedShort
    {
        get
        {
            var oneLine = Regex.Replace(Decoded.Trim(), @"\s*\n\s*", " ⏎ ");
            return oneLine.Length > 300 ? oneLine[..297] + "..." : oneLine;
        }
    }

    /// <summary>What the decoded command does, in words.</summary>
    public string Behaviour => EncodedDroppers.Describe(Decoded);
}

/// <summary>
/// Finds encoded droppers in text: a base64/hex/escaped blob next to a decoder (`base64 -d|-D|--decode`,
/// `openssl base64 -d`, `xxd -r -p`, `printf '\x..'`, `FromBase64String`, `b64decode`, `atob`, PowerShell
/// `-EncodedCommand`), decodes it (recursively, bounded), and tells whether the result is run.
/// </summary>
public static partial class EncodedDroppers
{
    public const int MaxLayers = 4;
    private const int MaxWindow = 16 * 1024;

    public static List<DecodedDropper> Find(string text)
    {
        var found = new List<DecodedDropper>();
        var seenBlobs = new HashSet<int>();
        foreach (Match decoder in DecoderRegex().Matches(text))
        {
            var window = CommandWindow(text, decoder.Index);
            if (Decode(text, window, decoder) is not { } hit) continue;
            if (!seenBlobs.Add(hit.Span.Start)) continue;
            found.Add(hit);
        }
        return found;
    }

    private static DecodedDropper? Decode(string text, TextSpan window, Match decoder)
    {
        var kind = KindOf(decoder);
        var windowText = text.Substring(window.Start, window.Length);
        string? decoded = null;
        TextSpan blobSpan = default;
        string encoding = kind;
        foreach (var (start, blob) in Blobs(windowText, kind).OrderByDescending(b => b.Value.Length))
        {
            decoded = kind switch
            {
                "hex" => Decoders.Hex(blob),
                "escapes" => Decoders.Escapes(blob),
                "utf-16le base64" => Utf16Base64(blob),
                _ => Decoders.Base64(blob),
            };
            if (decoded is null && kind == "base64")
            {
                // PowerShell's FromBase64String is often fed UTF-16LE text.
                decoded = Utf16Base64(blob);
                if (decoded is not null) encoding = "utf-16le base64";
            }
            if (decoded is { Length: >= 4 })
            {
                blobSpan = new TextSpan(window.Start + start, window.Start + start + blob.Length);
                break;
            }
            decoded = null;
        }
        if (decoded is null) return null;

        var encodings = new List<string> { encoding };
        var executes = kind == "utf-16le base64" || ExecutesRegex().IsMatch(windowText);
        var interpreter = InterpreterOf(windowText, kind);
        for (var layer = 1; layer < MaxLayers; layer++)
        {
            var inner = Find(decoded).FirstOrDefault();
            if (inner is null) break;
            encodings.AddRange(inner.Encodings);
            decoded = inner.Decoded;
            interpreter ??= inner.Interpreter;
            executes |= inner.Executes;
        }
        var destinations = UrlScanner.Find(decoded).Select(u => u.Value).Distinct().Take(5).ToList();
        return new DecodedDropper(blobSpan, window, encodings, decoded, executes, interpreter, destinations);
    }

    /// <summary>The logical command line around an offset: its physical line, joined across trailing backslashes.</summary>
    private static TextSpan CommandWindow(string text, int at)
    {
        var start = LineStart(text, at);
        while (start >= 2 && at - start < MaxWindow && EndsWithBackslash(text, start - 1)) start = LineStart(text, start - 1);
        var end = LineEnd(text, at);
        while (end < text.Length && end - at < MaxWindow && EndsWithBackslash(text, end)) end = LineEnd(text, end + 1);
        return TextSpan.FromBounds(start, end);
    }

    private static int LineStart(string text, int at)
    {
        var i = at > 0 ? text.LastIndexOf('\n', Math.Min(at, text.Length) - 1) : -1;
        return i + 1;
    }

    private static int LineEnd(string text, int at)
    {
        var i = text.IndexOf('\n', Math.Min(at, text.Length));
        return i < 0 ? text.Length : i;
    }

    /// <summary>Whether the line ending at a line break (offset of the '\n') ends with a continuation backslash.</summary>
    private static bool EndsWithBackslash(string text, int lineBreak)
    {
        var k = lineBreak - 1;
        if (k >= 0 && text[k] == '\r') k--;
        return k >= 0 && text[k] == '\\';
    }

    private static string KindOf(Match decoder)
    {
        var d = decoder.Value.ToLowerInvariant();
        if (d.StartsWith('-') || d.Contains("encodedcommand") || Regex.IsMatch(d, @"^-(e|ec|en|enc)")) return "utf-16le base64";
        if (d.Contains("xxd") || d.Contains("fromhex") || d.Contains("unhexlify") || d.Contains("'hex'") || d.Contains("\"hex\"")) return "hex";
        if (d.StartsWith("printf") || d.StartsWith("echo") || d.StartsWith("$'")) return "escapes";
        return "base64";
    }

    /// <summary>Candidate encoded strings in a window, for a decoder kind (maximal runs of the alphabet).</summary>
    private static IEnumerable<KeyValuePair<int, string>> Blobs(string window, string kind)
    {
        var regex = kind switch
        {
            "hex" => HexBlobRegex(),
            "escapes" => EscapeBlobRegex(),
            _ => Base64BlobRegex(),
        };
        foreach (Match m in regex.Matches(window))
        {
            var value = m.Value;
            switch (kind)
            {
                case "escapes" when EscapeCountRegex().Count(value) < 4:
                    continue;
                case "hex" when value.Replace("\\x", "").Length < 16:
                    continue;
                case "base64" or "utf-16le base64":
                    value = value.TrimEnd('=');
                    if (value.Length < 16 || value.All(char.IsAsciiLetter) && value.Length < 40) continue;
                    value = m.Value;
                    break;
            }
            yield return new KeyValuePair<int, string>(m.Index, value);
        }
    }

    private static string? Utf16Base64(string blob)
    {
        try
        {
            var bytes = Convert.FromBase64String(blob.PadRight(blob.Length + (4 - blob.Length % 4) % 4, '='));
            if (bytes.Length < 4 || bytes.Length % 2 != 0) return null;
            var text = Encoding.Unicode.GetString(bytes);
            return text.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t') ? text : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? InterpreterOf(string window, string kind)
    {
        if (kind == "utf-16le base64") return "PowerShell";
        var m = InterpreterRegex().Match(window);
        return m.Success ? m.Groups["i"].Value.Trim() : null;
    }

    /// <summary>A short description of what a decoded command does, for reports.</summary>
    public static string Describe(string decoded)
    {
        var urls = UrlScanner.Find(decoded).Select(u => u.Value).Distinct().ToList();
        var target = urls.Count > 0 ? string.Join(", ", urls.Take(3)) : null;
        if (ReverseShellRegex().IsMatch(decoded)) return target is null ? "opens a reverse shell" : $"opens a reverse shell to {target}";
        if (target is not null && DownloadRunRegex().IsMatch(decoded)) return $"downloads {target} and runs it";
        if (target is not null && UploadRegex().IsMatch(decoded)) return $"sends data to {target}";
        if (target is not null) return $"contacts {target}";
        return "runs the decoded command";
    }

    [GeneratedRegex(@"\bbase64\s+(-d|-D|--decode|-di|-id)\b|\bbase64\s+-[a-z]*d[a-z]*\b|\bopenssl\s+(base64|enc)\b[^\n|;]{0,200}\s-(d|a\s+-d|base64\s+-d)\b|\bxxd\s+(-r\s+-p|-rp|-pr|-p\s+-r|-r)\b|\b(?:system\.)?convert\]?::frombase64string\b|\bfrombase64string\b|\bb64decode\b|\bdecodebytes\b|\batob\s*\(|\bbuffer\.from\s*\([^)]*['""](base64|hex)['""]|\bbytes\.fromhex\b|\bunhexlify\b|\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]{0,120}\s-(?:e|ec|en|enc|enco|encod|encode|encodedcommand)\s+[A-Za-z0-9+/]|\bprintf\s+['""]?(\\x[0-9a-f]{2})|\becho\s+-e\s+['""]?(\\x[0-9a-f]{2})|\$'(\\x[0-9a-f]{2})", RegexOptions.IgnoreCase)]
    private static partial Regex DecoderRegex();

    [GeneratedRegex(@"[A-Za-z0-9+/_-]{16,}={0,2}")]
    private static partial Regex Base64BlobRegex();

    [GeneratedRegex(@"(?:[0-9A-Fa-f]{2}){8,}|(?:\\x[0-9A-Fa-f]{2}){8,}")]
    private static partial Regex HexBlobRegex();

    [GeneratedRegex(@"(?:\\x[0-9A-Fa-f]{2}|\\[0-7]{1,3}|\\u[0-9A-Fa-f]{4}|\\[ntr]|[^'""\\\n|;])+")]
    private static partial Regex EscapeBlobRegex();

    [GeneratedRegex(@"\\x[0-9A-Fa-f]{2}|\\[0-7]{3}")]
    private static partial Regex EscapeCountRegex();

    [GeneratedRegex(@"\|\s*(sudo\s+)?(-\S+\s+)*((ba|z|da|k|fi)?sh|python[0-9.]*|perl|ruby|node|php|iex|invoke-expression|powershell|pwsh|osascript|source)\b|\b(eval|exec|iex|invoke-expression|source)\b|\b(ba|z|da)?sh\s+-c\b|\.\s+<\(|chmod\s+\+x|\b(python[0-9.]*|node|perl|ruby)\s+-[ce]\b|\|\s*\.\s", RegexOptions.IgnoreCase)]
    private static partial Regex ExecutesRegex();

    [GeneratedRegex(@"\|\s*(sudo\s+)?(?<i>(ba|z|da|k|fi)?sh|python[0-9.]*|perl|ruby|node|iex|invoke-expression|powershell|pwsh|osascript)\b|\b(?<i>eval|exec|iex)\b|\b(?<i>(ba|z|da)?sh)\s+-c\b", RegexOptions.IgnoreCase)]
    private static partial Regex InterpreterRegex();

    [GeneratedRegex(@"/dev/(tcp|udp)/|\b(nc|ncat|netcat)\b[^\n]{0,200}\s-[a-z]*[ec]\b|\bsocat\b[^\n]{0,200}exec:|pty\.spawn|\bmkfifo\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReverseShellRegex();

    [GeneratedRegex(@"\b(curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring|downloadfile|fetch|urlopen|requests\.get)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DownloadRunRegex();

    [GeneratedRegex(@"\b(curl\b[^\n]{0,300}\s(-d|--data\S*|-F|--form|-T|--upload-file)\b|requests\.post|invoke-restmethod\b[^\n]{0,300}-method\s+post)", RegexOptions.IgnoreCase)]
    private static partial Regex UploadRegex();
}
