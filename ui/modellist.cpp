#include "ui/modellist.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

namespace {
constexpr int kThumbnail = 72;
constexpr int kPathRole = Qt::UserRole + 1;

QIcon thumbnailIcon(const QImage &image, const QPalette &palette)
{
    QPixmap pixmap(kThumbnail, kThumbnail);
    pixmap.fill(palette.color(QPalette::Mid));
    if (!image.isNull()) {
        QPainter p(&pixmap);
        const QImage scaled = image.scaled(kThumbnail, kThumbnail, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        p.drawImage((kThumbnail - scaled.width()) / 2, (kThumbnail - scaled.height()) / 2, scaled);
    }
    return QIcon(pixmap);
}
} // namespace

ModelList::ModelList(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("<b>Models</b>"), this);
    layout->addWidget(title);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("modelList"));
    m_list->setIconSize(QSize(kThumbnail, kThumbnail));
    m_list->setWordWrap(true);
    m_list->setToolTip(tr("The model the Translate tab uses. Drop a .pth or .csm file anywhere on the window to add one."));
    layout->addWidget(m_list, 1);
    auto *buttons = new QHBoxLayout;
    m_import = new QPushButton(tr("Import…"), this);
    m_import->setToolTip(tr("Add a model: a CycleStudio model (.csm) or a PyTorch CycleGAN generator (.pth)"));
    m_rename = new QPushButton(tr("Rename…"), this);
    m_rename->setToolTip(tr("Give the chosen model another name"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setToolTip(tr("Take the chosen model out of the library (the file you imported it from stays)"));
    for (auto *b : {m_import, m_rename, m_remove})
        buttons->addWidget(b);
    layout->addLayout(buttons);

    connect(m_import, &QPushButton::clicked, this, &ModelList::importRequested);
    connect(m_rename, &QPushButton::clicked, this, [this] {
        const auto path = currentModel();
        if (path.isEmpty())
            return;
        QString current;
        for (const auto &m : m_models)
            if (m.path == path)
                current = m.name;
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Rename model"), tr("Name:"), QLineEdit::Normal, current, &ok);
        if (ok)
            renameCurrent(name);
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (currentModel().isEmpty())
            return;
        if (QMessageBox::question(this, tr("Remove model"), tr("Remove \"%1\" from the model library?").arg(m_list->currentItem()->text().section(QLatin1Char('\n'), 0, 0))) ==
            QMessageBox::Yes)
            removeCurrent();
    });
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        refreshButtons();
        if (item)
            Q_EMIT modelChosen(item->data(kPathRole).toString());
    });
    refreshItems();
}

QString ModelList::describe(const ModelEntry &m) const
{
    const QString direction = m.direction == Direction::AtoB ? tr("A → B") : tr("B → A");
    return QStringLiteral("%1\n%2\n%3 · %4 · %5")
        .arg(m.name, m.architecture, direction, QLocale().formattedDataSize(m.bytes, 1), m.source);
}

void ModelList::refreshItems()
{
    const QString chosen = currentModel();
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    auto *project = new QListWidgetItem(thumbnailIcon({}, palette()), tr("The open project's model\nits newest checkpoint"), m_list);
    project->setData(kPathRole, QString());
    for (const auto &m : m_models) {
        auto *item = new QListWidgetItem(thumbnailIcon(m.thumbnail, palette()), describe(m), m_list);
        item->setData(kPathRole, m.path);
        item->setToolTip(m.path);
    }
    selectModel(chosen);
    refreshButtons();
}

void ModelList::refreshButtons()
{
    const bool imported = !currentModel().isEmpty();
    m_rename->setEnabled(imported);
    m_remove->setEnabled(imported);
}

void ModelList::setModels(const QVector<ModelEntry> &models)
{
    const QString chosen = currentModel();
    m_models = models;
    refreshItems();
    if (currentModel() != chosen)
        Q_EMIT modelChosen(currentModel()); // the chosen one was removed: back to the project's
}

void ModelList::updateModel(const ModelEntry &model)
{
    auto it = std::find_if(m_models.begin(), m_models.end(), [&](const ModelEntry &m) { return m.path == model.path; });
    if (it != m_models.end())
        *it = model;
    else
        m_models.append(model);
    refreshItems();
}

QString ModelList::currentModel() const
{
    const auto *item = m_list->currentItem();
    return item ? item->data(kPathRole).toString() : QString();
}

void ModelList::selectModel(const QString &path)
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kPathRole).toString() == path) {
            m_list->setCurrentRow(i);
            return;
        }
    m_list->setCurrentRow(0);
}

void ModelList::renameCurrent(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (!currentModel().isEmpty() && !trimmed.isEmpty())
        Q_EMIT renameRequested(currentModel(), trimmed);
}

void ModelList::removeCurrent()
{
    if (!currentModel().isEmpty())
        Q_EMIT removeRequested(currentModel());
}

} // namespace ui
