namespace PcCovid.Domain.Common;

/// <summary>A rule of the domain was broken; the message says which, in words a user can act on.</summary>
public sealed class DomainException : Exception
{
    public DomainException(string message)
        : base(message)
    {
    }

    public DomainException()
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
