#include "ui/userguide.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QLocale>
#include <QPushButton>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace ui {

QUrl UserGuide::pageFor(const QString &language)
{
    for (const QString &lang : {language, language.section(QLatin1Char('_'), 0, 0)}) {
        const QString path = QStringLiteral(":/guide/%1/index.html").arg(lang);
        if (!lang.isEmpty() && QFile::exists(path))
            return QUrl(QStringLiteral("qrc") + path);
    }
    return QUrl(QStringLiteral("qrc:/guide/en/index.html"));
}

UserGuide::UserGuide(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("userGuide"));
    setWindowTitle(tr("CycleStudio User Guide"));
    setWindowFlag(Qt::WindowContextHelpButtonHint, false);
    m_browser = new QTextBrowser(this);
    m_browser->setOpenExternalLinks(true);
    // The language of the interface: the translation installed decides (its locale name is a string to translate).
    m_browser->setSource(pageFor(tr("en", "the language code of this translation, for the user guide")));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *back = buttons->addButton(tr("Back"), QDialogButtonBox::ActionRole);
    connect(back, &QPushButton::clicked, m_browser, &QTextBrowser::backward);
    connect(m_browser, &QTextBrowser::backwardAvailable, back, &QPushButton::setEnabled);
    back->setEnabled(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_browser, 1);
    layout->addWidget(buttons);
    resize(720, 640);
}

void UserGuide::showTopic(const QString &topic)
{
    QUrl url = m_browser->source();
    url.setFragment(topic);
    m_browser->setSource(url);
    m_browser->scrollToAnchor(topic);
    show();
    raise();
    activateWindow();
}

QString UserGuide::currentTopic() const { return m_browser->source().fragment(); }

} // namespace ui
