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
}
