#include "ui/officialdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>

#include <algorithm>

namespace ui {

OfficialImportDialog::OfficialImportDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("New Project from PyTorch Checkpoint"));
    auto *form = new QFormLayout(this);
    auto *intro = new QLabel(tr("Continue a training of the official PyTorch CycleGAN code on your own images. Choose its checkpoint "
                                "folder (the one with latest_net_G_A.pth); its settings come from train_opt.txt. That code saves "
                                "no optimizer state, so Adam starts fresh."),
                             this);
    intro->setWordWrap(true);
    form->addRow(intro);
    m_checkpoint = addPathRow(tr("Checkpoint folder:"), tr("A folder with latest_net_G_A.pth, _G_B, _D_A, _D_B"),
                              tr("The PyTorch checkpoint folder"), false);
    m_epoch = new QComboBox(this);
    m_epoch->setToolTip(tr("The saved epoch to continue from; \"latest\" starts the schedule again"));
    form->addRow(tr("Epoch:"), m_epoch);
    m_found = new QLabel(this);
    m_found->setWordWrap(true);
    form->addRow(m_found);
    m_domainA = addPathRow(tr("Domain A images:"), tr("A folder of images of domain A"), tr("Domain A's images"), false);
    m_domainB = addPathRow(tr("Domain B images:"), tr("A folder of images of domain B"), tr("Domain B's images"), false);
    m_projectDir = addPathRow(tr("New project:"), tr("A new folder for the project"), tr("New project folder"), true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Create"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_checkpoint, &QLineEdit::textChanged, this, &OfficialImportDialog::refreshEpochs);
    for (auto *edit : {m_domainA, m_domainB, m_projectDir})
        connect(edit, &QLineEdit::textChanged, this, &OfficialImportDialog::validate);
    refreshEpochs();
    resize(640, sizeHint().height());
}

QLineEdit *OfficialImportDialog::addPathRow(const QString &label, const QString &placeholder, const QString &dialogTitle, bool newFolder)
{
    auto *edit = new QLineEdit(this);
    edit->setPlaceholderText(placeholder);
    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    static_cast<QFormLayout *>(layout())->addRow(label, row);
    connect(browse, &QPushButton::clicked, this, [this, edit, dialogTitle, newFolder] {
        const QString dir = newFolder ? QFileDialog::getSaveFileName(this, dialogTitle, edit->text(), QString(), nullptr, QFileDialog::ShowDirsOnly)
                                      : QFileDialog::getExistingDirectory(this, dialogTitle, edit->text());
        if (!dir.isEmpty())
            edit->setText(QDir::toNativeSeparators(dir));
    });
    return edit;
}

QStringList OfficialImportDialog::savedEpochs(const QString &checkpointDir)
{
    if (checkpointDir.isEmpty())
        return {};
    const QDir dir(checkpointDir);
    QStringList epochs;
    QVector<int> numbers;
    static const QRegularExpression pattern(QStringLiteral("^(latest|\\d{1,6})_net_G_A\\.pth$"));
    for (const auto &name : dir.entryList({QStringLiteral("*_net_G_A.pth")}, QDir::Files)) {
        const auto m = pattern.match(name);
        if (!m.hasMatch())
            continue;
        if (m.captured(1) == QLatin1String("latest"))
            epochs.prepend(m.captured(1));
        else
            numbers.append(m.captured(1).toInt());
    }
    std::sort(numbers.begin(), numbers.end());
    for (int n : numbers)
        epochs.append(QString::number(n));
    return epochs;
}

void OfficialImportDialog::refreshEpochs()
{
    const QString chosen = m_epoch->currentText();
    const QString dir = QDir::fromNativeSeparators(m_checkpoint->text());
    const QStringList epochs = savedEpochs(dir);
    m_epoch->clear();
    m_epoch->addItems(epochs);
    if (epochs.contains(chosen))
        m_epoch->setCurrentText(chosen);
    if (dir.isEmpty())
        m_found->clear();
    else if (epochs.isEmpty())
        m_found->setText(tr("No official CycleGAN checkpoint (…_net_G_A.pth) is in this folder."));
    else
        m_found->setText(QFileInfo::exists(dir + QStringLiteral("/train_opt.txt"))
                             ? tr("Found %n saved epoch(s) and train_opt.txt.", nullptr, int(epochs.size()))
                             : tr("Found %n saved epoch(s); without train_opt.txt the paper's settings are used.", nullptr, int(epochs.size())));
    validate();
}

void OfficialImportDialog::validate()
{
    m_ok->setEnabled(m_epoch->count() > 0 && !m_domainA->text().isEmpty() && !m_domainB->text().isEmpty() && !m_projectDir->text().isEmpty());
}

OfficialImportRequest OfficialImportDialog::request() const
{
    OfficialImportRequest r;
    r.checkpointDir = QDir::fromNativeSeparators(m_checkpoint->text());
    r.epoch = m_epoch->currentText();
    r.domainA = QDir::fromNativeSeparators(m_domainA->text());
    r.domainB = QDir::fromNativeSeparators(m_domainB->text());
    r.projectDir = QDir::fromNativeSeparators(m_projectDir->text());
    return r;
}

void OfficialImportDialog::setRequest(const OfficialImportRequest &r)
{
    m_checkpoint->setText(QDir::toNativeSeparators(r.checkpointDir));
    m_epoch->setCurrentText(r.epoch);
    m_domainA->setText(QDir::toNativeSeparators(r.domainA));
    m_domainB->setText(QDir::toNativeSeparators(r.domainB));
    m_projectDir->setText(QDir::toNativeSeparators(r.projectDir));
}

} // namespace ui
