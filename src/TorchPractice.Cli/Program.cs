using TorchPractice.Cli;
using TorchPractice.Runtime;

// The library leaves the process's allocator alone unless asked; this application asks (see NativeAllocator).
NativeAllocator.Tune();

return CommandTree.Run(CommandTree.Commands(), args, (command, parse) =>
{
    Presentation.ConfigureStdout();
    try
    {
        return command.Run(parse);
    }
    catch (Exception e) when (e is UsageException or DeviceUnavailableException or ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
    {
        return CommandTree.Fail(e is ArgumentException a ? LibraryErrors.Message(a) : e.Message);
    }
});
