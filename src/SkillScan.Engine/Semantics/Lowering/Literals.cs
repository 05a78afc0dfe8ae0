using System.Globalization;
using System.Text;

namespace SkillScan.Semantics.Lowering;

/// <summary>Literal syntax shared by JavaScript and Python: escape sequences and number formats.</summary>
internal static class Literals
{
    /// <summary>
    /// Resolves backslash escapes as JS and Python strings do: \n \t \r \b \f \v \0, \xHH, \uHHHH, \u{H…} (JS),
    /// \UHHHHHHHH (Python), octal \ooo, escaped quotes and line continuations. Unknown escapes keep the character
    /// (JS) or the backslash too (Python).
    /// </summary>
    public static string Unescape(string s, bool python)
    {
        var i = s.IndexOf('\\');
        if (i < 0) return s;
        var sb = new StringBuilder(s.Length);
        sb.Append(s, 0, i);
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '\\' || i + 1 >= s.Length)
            {
                sb.Append(c);
                continue;
            }
            var n = s[++i];
            switch (n)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'a' when python: sb.Append('\a'); break;
                case '\n': break;
                case '\r':
                    if (i + 1 < s.Length && s[i + 1] == '\n') i++;
                    break;
                case 'x' when HexRun(s, i + 1, 2, out var x):
                    sb.Append((char)x);
                    i += 2;
                    break;
                case 'u' when !python && i + 1 < s.Length && s[i + 1] == '{':
                    var close = s.IndexOf('}', i + 2);
                    if (close > i + 2 && close - i - 2 <= 6 && HexRun(s, i + 2, close - i - 2, out var cp) && cp <= 0x10FFFF)
                    {
                        sb.Append(char.ConvertFromUtf32((int)cp is >= 0xD800 and <= 0xDFFF ? 0xFFFD : (int)cp));
                        i = close;
                    }
                    else
                    {
                        sb.Append('u');
                    }
                    break;
                case 'u' when HexRun(s, i + 1, 4, out var u):
                    sb.Append((char)u);
                    i += 4;
                    break;
                case 'U' when python && HexRun(s, i + 1, 8, out var big) && big <= 0x10FFFF:
                    sb.Append(char.ConvertFromUtf32((int)big is >= 0xD800 and <= 0xDFFF ? 0xFFFD : (int)big));
                    i += 8;
                    break;
                case >= '0' and <= '7':
                    var len = 1;
                    while (len < 3 && i + len < s.Length && s[i + len] is >= '0' and <= '7') len++;
                    sb.Append((char)Convert.ToInt32(s.Substring(i, len), 8));
                    i += len - 1;
                    break;
                case '\\' or '\'' or '"' or '`' or '$' or '/':
                    sb.Append(n);
                    break;
                default:
                    if (python) sb.Append('\\');
                    sb.Append(n);
                    break;
            }
        }
        return sb.ToString();
    }

    private static bool HexRun(string s, int start, int count, out uint value)
    {
        value = 0;
        if (count <= 0 || start + count > s.Length) return false;
        for (var k = start; k < start + count; k++)
        {
            var d = HexDigit(s[k]);
            if (d < 0) return false;
            value = value * 16 + (uint)d;
        }
        return true;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>A JS or Python number literal (hex, octal, binary, underscores, exponents, BigInt `n`, Python `L`/`j`).</summary>
    public static double? Number(string text)
    {
        var t = text.Replace("_", "", StringComparison.Ordinal).TrimEnd('n', 'l', 'L');
        if (t.Length == 0 || t.EndsWith('j') || t.EndsWith('J')) return null;
        if (t.Length > 2 && t[0] == '0')
        {
            var radix = t[1] switch { 'x' or 'X' => 16, 'o' or 'O' => 8, 'b' or 'B' => 2, _ => 0 };
            if (radix != 0)
            {
                try
                {
                    return t.Length > 18 ? null : Convert.ToInt64(t[2..], radix);
                }
                catch (FormatException)
                {
                    return null;
                }
                catch (OverflowException)
                {
                    return null;
                }
            }
            // Legacy JS octal 0777.
            if (t.All(ch => ch is >= '0' and <= '7') && t.Length <= 12) return Convert.ToInt64(t, 8);
        }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>JS `unescape`: %XX and %uXXXX.</summary>
    public static string? JsUnescape(string s)
    {
        if (!s.Contains('%')) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 5 < s.Length && s[i + 1] == 'u' && HexRun(s, i + 2, 4, out var u))
            {
                sb.Append((char)u);
                i += 5;
            }
            else if (s[i] == '%' && HexRun(s, i + 1, 2, out var x))
            {
                sb.Append((char)x);
                i += 2;
            }
            else
            {
                sb.Append(s[i]);
            }
        }
        return sb.ToString();
    }

    /// <summary>Python bytes held as chars 0–255, read back as UTF-8 text (bytes.decode()).</summary>
    public static string BytesAsUtf8(string s)
    {
        var bytes = new byte[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] > 0xFF) return s;
            bytes[i] = (byte)s[i];
        }
        return Decoders.AsText(bytes) ?? s;
    }
}
