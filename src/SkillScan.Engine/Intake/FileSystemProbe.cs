using System.Runtime.InteropServices;

namespace SkillScan.Intake;

/// <summary>What lstat(2) says a path is. FIFOs and devices must never be opened: reading one can block forever.</summary>
public enum EntryKind
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Other,
}

/// <summary>
/// Classifies a path without following links or opening it. .NET's FileSystemInfo does not tell FIFOs and
/// devices from regular files, so on Linux we ask libc's lstat directly.
/// </summary>
public static partial class FileSystemProbe
{
    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int LStat(string path, byte* buffer);

    public static EntryKind Classify(string path)
    {
        if (OperatingSystem.IsLinux() && StModeOffset() is int offset)
        {
            unsafe
            {
                var buffer = stackalloc byte[512];
                if (LStat(path, buffer) != 0) return EntryKind.Missing;
                var mode = *(uint*)(buffer + offset);
                return (mode & 0xF000) switch
                {
                    0x8000 => EntryKind.Regular,
                    0x4000 => EntryKind.Directory,
                    0xA000 => EntryKind.Symlink,
                    0x1000 => EntryKind.Fifo,
                    0x2000 => EntryKind.CharDevice,
                    0x6000 => EntryKind.BlockDevice,
                    0xC000 => EntryKind.Socket,
                    _ => EntryKind.Other,
                };
            }
        }
        // Elsewhere: the portable (less precise) answer.
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path)) return EntryKind.Missing;
        if (info.LinkTarget is not null) return EntryKind.Symlink;
        return info.Attributes.HasFlag(FileAttributes.Directory) ? EntryKind.Directory : EntryKind.Regular;
    }

    // Offset of st_mode in struct stat for glibc's lstat on each architecture.
    private static int? StModeOffset() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 24,
        Architecture.Arm64 => 16,
        _ => null,
    };

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint RealPath(string path, nint resolved);

    /// <summary>
    /// The absolute path with every symbolic link resolved (realpath(3) on Linux and macOS) for the part of it
    /// that exists; the rest is appended as written. Elsewhere, or when resolution fails, the full path.
    /// </summary>
    public static string ResolvedPath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return full;
        var existing = full;
        var missing = new Stack<string>();
        while (!Directory.Exists(existing) && !File.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null) return full;
            missing.Push(Path.GetFileName(existing));
            existing = parent;
        }
        var resolved = RealPath(existing, 0);
        if (resolved == 0) return full;
        string? real;
        try
        {
            real = Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            unsafe
            {
                NativeMemory.Free((void*)resolved);
            }
        }
        if (string.IsNullOrEmpty(real)) return full;
        foreach (var name in missing) real = Path.Combine(real, name);
        return real;
    }
}
