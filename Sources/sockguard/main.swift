import SockguardCLI

await SockguardCommand.runFromCommandLine()
