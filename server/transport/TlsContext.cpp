#include "transport/TlsContext.h"

#include "transport/TransportLogging.h"

#include <QFile>
#include <QMutexLocker>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <memory>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace {

// Largest certificate or key file read: a long chain is a few KiB.
constexpr qint64 MaxPemBytes = 1024 * 1024;

std::optional<QByteArray> readFile(const QString &path, const QString &what, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TLS %1 %2: %3").arg(what, path, file.errorString());
        return std::nullopt;
    }
    QByteArray data = file.read(MaxPemBytes + 1);
    if (data.size() > MaxPemBytes) {
        *error = QStringLiteral("the TLS %1 %2 is larger than %3 bytes").arg(what, path).arg(MaxPemBytes);
        return std::nullopt;
    }
    return data;
}

// Qt reads a key only when told its algorithm, and cannot tell whether a key
// belongs to a certificate; OpenSSL (which Qt's TLS backend uses anyway)
// answers both. An encrypted key is refused rather than asking for a
// passphrase on the terminal.
struct KeyCheck {
    bool parsed = false;
    bool matches = false;
    QSsl::KeyAlgorithm algorithm = QSsl::Opaque;
};

KeyCheck checkKey(const QByteArray &certPem, const QByteArray &keyPem)
{
    KeyCheck check;
    const auto noPassphrase = [](char *, int, int, void *) { return 0; };
    std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())), &BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, noPassphrase, nullptr) : nullptr, &EVP_PKEY_free);
    if (!key)
        return check;
    check.parsed = true;
    switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA: check.algorithm = QSsl::Rsa; break;
    case EVP_PKEY_EC: check.algorithm = QSsl::Ec; break;
    case EVP_PKEY_DSA: check.algorithm = QSsl::Dsa; break;
    default: check.algorithm = QSsl::Opaque; break;
    }
    std::unique_ptr<BIO, decltype(&BIO_free)> certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())), &BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        certBio ? PEM_read_bio_X509(certBio.get(), nullptr, noPassphrase, nullptr) : nullptr, &X509_free);
    check.matches = cert && X509_check_private_key(cert.get(), key.get()) == 1;
    return check;
}

} // namespace

std::optional<QSslConfiguration> TlsContext::read(const QString &certPath, const QString &keyPath, QString *error)
{
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("TLS is not available: Qt found no OpenSSL backend (%1)").arg(QSslSocket::sslLibraryVersionString());
        return std::nullopt;
    }
    const std::optional<QByteArray> certPem = readFile(certPath, QStringLiteral("certificate"), error);
    if (!certPem)
        return std::nullopt;
    const std::optional<QByteArray> keyPem = readFile(keyPath, QStringLiteral("key"), error);
    if (!keyPem)
        return std::nullopt;
    // The leaf first, then the intermediates, as certbot's fullchain.pem has them.
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        *error = QStringLiteral("the TLS certificate %1 holds no PEM certificate").arg(certPath);
        return std::nullopt;
    }
    const KeyCheck check = checkKey(*certPem, *keyPem);
    if (!check.parsed) {
        *error = QStringLiteral("the TLS key %1 holds no unencrypted PEM private key").arg(keyPath);
        return std::nullopt;
    }
    if (!check.matches) {
        *error = QStringLiteral("the TLS key %1 does not belong to the certificate %2").arg(keyPath, certPath);
        return std::nullopt;
    }
    const QSslKey key(*keyPem, check.algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull()) {
        *error = QStringLiteral("the TLS key %1 is of a kind Qt cannot use (RSA, EC and DSA keys are supported)").arg(keyPath);
        return std::nullopt;
    }
    if (chain.first().expiryDate() < QDateTime::currentDateTimeUtc()) {
        // Served all the same: refusing to start would not help the clients,
        // and the operator sees it here and in every client's error.
        qCWarning(lcTls).noquote()
            << QStringLiteral("the TLS certificate %1 expired on %2").arg(certPath, chain.first().expiryDate().toString(Qt::ISODate));
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    // Clients are not asked for certificates; they authenticate with tokens.
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

TlsContext::TlsContext(const QSslConfiguration &configuration)
    : m_configuration(configuration)
{
}

QSslConfiguration TlsContext::configuration() const
{
    const QMutexLocker lock(&m_mutex);
    return m_configuration;
}

bool TlsContext::reload(const QString &certPath, const QString &keyPath, QString *error)
{
    std::optional<QSslConfiguration> configuration = read(certPath, keyPath, error);
    if (!configuration)
        return false;
    const QMutexLocker lock(&m_mutex);
    m_configuration = *std::move(configuration);
    return true;
}

QString TlsContext::describe(const QSslConfiguration &configuration)
{
    const QSslCertificate leaf = configuration.localCertificate();
    return QStringLiteral("%1, valid until %2, SHA-256 %3")
        .arg(leaf.subjectDisplayName(), leaf.expiryDate().toString(Qt::ISODate),
            QString::fromLatin1(leaf.digest(QCryptographicHash::Sha256).toHex(':')));
}
