namespace SharpInfer.Core;

/// <summary>
/// A problem with the user's input (a file, a flag, a request) rather than a bug: front ends print its
/// message as one line, without a stack trace, and exit with code 2. Messages say what is wrong, where
/// (file, tensor, field) and, where possible, how to fix it.
/// </summary>
public sealed class UserErrorException : Exception
{
    public UserErrorException(string message) : base(message)
    {
    }

    public UserErrorException(string message, Exception inner) : base(message, inner)
    {
    }
}
