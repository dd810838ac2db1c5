using TorchPractice.Cli;
using TorchPractice.Cli.Commands;
using TorchPractice.Runtime;

// The library leaves the process's allocator alone unless asked; this application asks (see NativeAllocator).
NativeAllocator.Tune();

ICommand[] commands = [new CompareCommand(), new TrainCommand(), new PredictCommand(), new GradCheckCommand(), new BenchCommand(), new InfoCommand()];

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    var topic = args.Length > 1 ? commands.FirstOrDefault(c => c.Name == args[1]) : null;
    if (args.Length > 1 && topic is null) return Fail($"unknown command '{args[1]}'");
    Console.WriteLine(topic?.Usage ?? Help.Overview(commands));
    return args.Length == 0 ? 2 : 0;
}
Presentation.ConfigureStdout();
var command = commands.FirstOrDefault(c => c.Name == args[0]);
if (command is null) return Fail($"unknown command '{args[0]}' (commands: {string.Join(", ", commands.Select(c => c.Name))})");
try
{
    if (args.Skip(1).Any(a => a is "--help" or "-h")) { Console.WriteLine(command.Usage); return 0; }
    return command.Run(new CommandLine(command.Name, args[1..], command.Switches));
}
catch (Exception e) when (e is UsageException or DeviceUnavailableException or ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
{
    return Fail(e is ArgumentException a ? LibraryErrors.Message(a) : e.Message);
}

static int Fail(string message)
{
    Console.Error.WriteLine($"torchpractice: error: {message}");
    return ExitCodes.BadInput;
}
