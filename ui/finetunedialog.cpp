#include "ui/finetunedialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace ui {

FineTuneDialog::FineTuneDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("New Fine-Tuning Project"));
    auto *form = new QFormLayout(this);
    auto *intro = new QLabel(tr("Start from a trained model and adapt it to a new, small set of images. The network and its losses "
                                "stay the model's; the learning rate and schedule are new. Frozen parts keep their weights, "
                                "which makes training faster and keeps what the model already knows."),
                             this);
    intro->setWordWrap(true);
    form->addRow(intro);

    m_source = new QLineEdit(this);
    m_source->setPlaceholderText(tr("A project folder, a .csm model file or a PyTorch generator (.pth)"));
    auto *fromProject = new QPushButton(tr("Project…"), this);
    fromProject->setToolTip(tr("Start from a project's latest checkpoint (both generators and discriminators)"));
    auto *fromModel = new QPushButton(tr("Model File…"), this);
    fromModel->setToolTip(tr("Start from a shared .csm model or a PyTorch CycleGAN generator such as style_monet.pth (one generator; the rest starts fresh)"));
    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_source, 1);
    sourceRow->addWidget(fromProject);
    sourceRow->addWidget(fromModel);
    form->addRow(tr("Start from:"), sourceRow);

    m_projectDir = new QLineEdit(this);
    m_projectDir->setPlaceholderText(tr("A new folder for the fine-tuning project"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    browse->setToolTip(tr("Choose where the new project is created"));
    auto *dirRow = new QHBoxLayout;
    dirRow->addWidget(m_projectDir, 1);
    dirRow->addWidget(browse);
    form->addRow(tr("New project:"), dirRow);

    createScheduleRows(form);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Create"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connectBrowsing(fromProject, fromModel, browse);
    for (auto *edit : {m_source, m_projectDir})
        connect(edit, &QLineEdit::textChanged, this, &FineTuneDialog::validate);
    connect(m_epochs, &QSpinBox::valueChanged, this, &FineTuneDialog::validate);
    connect(m_epochsDecay, &QSpinBox::valueChanged, this, &FineTuneDialog::validate);
    validate();
    resize(620, sizeHint().height());
}

void FineTuneDialog::createScheduleRows(QFormLayout *form)
{
    m_freezeEncoder = new QCheckBox(tr("Freeze the encoder (the first three layers of both generators)"), this);
    m_freezeEncoder->setChecked(true);
    form->addRow(tr("Freeze:"), m_freezeEncoder);
    m_freezeBlocks = new QSpinBox(this);
    m_freezeBlocks->setRange(0, 64);
    m_freezeBlocks->setToolTip(tr("Residual blocks to freeze, counted from the first"));
    form->addRow(tr("Frozen residual blocks:"), m_freezeBlocks);
    m_lr = new QDoubleSpinBox(this);
    m_lr->setDecimals(6);
    m_lr->setRange(0.000001, 0.01);
    m_lr->setSingleStep(0.00005);
    m_lr->setValue(0.0001);
    m_lr->setToolTip(tr("Adam's learning rate; the paper trains from scratch at 0.0002"));
    form->addRow(tr("Learning rate:"), m_lr);
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(0, 10000);
    m_epochs->setValue(10);
    m_epochs->setToolTip(tr("Epochs at the starting learning rate"));
    form->addRow(tr("Epochs:"), m_epochs);
    m_epochsDecay = new QSpinBox(this);
    m_epochsDecay->setRange(0, 10000);
    m_epochsDecay->setValue(10);
    m_epochsDecay->setToolTip(tr("Epochs during which the learning rate falls to zero"));
    form->addRow(tr("Decay epochs:"), m_epochsDecay);
}

void FineTuneDialog::connectBrowsing(QPushButton *fromProject, QPushButton *fromModel, QPushButton *browse)
{
    connect(fromProject, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("The trained project to start from"));
        if (!dir.isEmpty())
            m_source->setText(QDir::toNativeSeparators(dir));
    });
    connect(fromModel, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("The model to start from"), {}, tr("Models (*.csm *.pth *.pt)"));
        if (!file.isEmpty())
            m_source->setText(QDir::toNativeSeparators(file));
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getSaveFileName(this, tr("New project folder"), m_projectDir->text(), QString(), nullptr,
                                                         QFileDialog::ShowDirsOnly);
        if (!dir.isEmpty())
            m_projectDir->setText(QDir::toNativeSeparators(dir));
    });
}

void FineTuneDialog::validate()
{
    m_ok->setEnabled(!m_source->text().isEmpty() && !m_projectDir->text().isEmpty() && m_epochs->value() + m_epochsDecay->value() >= 1);
}

FineTuneRequest FineTuneDialog::request() const
{
    FineTuneRequest r;
    r.source = QDir::fromNativeSeparators(m_source->text());
    r.projectDir = QDir::fromNativeSeparators(m_projectDir->text());
    r.freezeEncoder = m_freezeEncoder->isChecked();
    r.freezeBlocks = m_freezeBlocks->value();
    r.lr = m_lr->value();
    r.epochs = m_epochs->value();
    r.epochsDecay = m_epochsDecay->value();
    return r;
}

void FineTuneDialog::setRequest(const FineTuneRequest &r)
{
    m_source->setText(QDir::toNativeSeparators(r.source));
    m_projectDir->setText(QDir::toNativeSeparators(r.projectDir));
    m_freezeEncoder->setChecked(r.freezeEncoder);
    m_freezeBlocks->setValue(r.freezeBlocks);
    m_lr->setValue(r.lr);
    m_epochs->setValue(r.epochs);
    m_epochsDecay->setValue(r.epochsDecay);
}

} // namespace ui
